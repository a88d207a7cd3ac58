package dev.scaleout.infra.iam;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.CallerAccount;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Progress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * "iam-role": a role, its managed and inline policies, and the instance profile of the same
 * name that holds it. IAM lists roles without their tags and cannot filter by tag, so the
 * stack's roles live under the path {@code /<project>/<stack>/}: one ListRoles by that path
 * prefix finds them all, and their tags confirm the stack. Policies and the profile are
 * settings, so an apply interrupted between the role and its parts completes them.
 */
public final class InstanceRoleType implements ManagedType {

    /** Inline policies are settings named {@code inlinePolicy.<policy name>}. */
    public static final String INLINE_PREFIX = "inlinePolicy.";

    public static final String TYPE = "iam-role";
    public static final Setting TRUST_POLICY = Setting.json("trustPolicy");
    public static final Setting MANAGED_POLICIES = Setting.set("managedPolicies");
    public static final Setting INSTANCE_PROFILE = Setting.scalar("instanceProfile");
    /** One inline policy each, keyed {@code inlinePolicy.<policy name>}. */
    public static final Setting INLINE_POLICY = Setting.json(INLINE_PREFIX).perName();

    public static final Schema SCHEMA =
            Schema.of(TYPE, TRUST_POLICY, MANAGED_POLICIES, INSTANCE_PROFILE, INLINE_POLICY);
    public static final String NONE = "none";
    /** The role is in an instance profile named like it (the launch template names that profile). */
    public static final String SAME_NAME = "same-name";
    /**
     * Stands for the account the run works in, inside a trust policy: specs are built without
     * AWS calls, so the account id is put in when the policy is sent and taken out when it is read.
     */
    public static final String THIS_ACCOUNT = "${this-account}";

    private final IamClient iam;
    private final Retry retry;
    private final StackRoles roles;

    public InstanceRoleType(IamClient iam, StsClient sts) {
        this(iam, new CallerAccount(sts), Retry.real(Progress.toConsole()));
    }

    public InstanceRoleType(IamClient iam, CallerAccount account, Retry retry) {
        this.iam = iam;
        this.retry = retry;
        this.roles = new StackRoles(iam, account, retry);
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    public static String path(StackScope scope) {
        return "/" + scope.project() + "/" + scope.stack() + "/";
    }

    @Override
    public java.util.Optional<String> nameTakenBy(Spec spec, StackScope scope) {
        return roles.stackOf(spec.name());
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        return roles.find(path(scope), scope).stream()
                .map(found -> Actual.of(type(), found.name(), found.role().roleName(), read(found.role()), "available"))
                .toList();
    }

    private Map<String, String> read(Role role) {
        String name = role.roleName();
        Map<String, String> settings = new TreeMap<>();
        settings.put(TRUST_POLICY.key(), roles.trustAsRead(role));
        settings.put(MANAGED_POLICIES.key(), String.join(",", roles.attached(name)));
        for (String policy : inlineNames(name)) {
            String document = AwsCall.call(
                    "GetRolePolicy",
                    name + "/" + policy,
                    () -> iam.getRolePolicy(r -> r.roleName(name).policyName(policy))
                            .policyDocument());
            settings.put(INLINE_PREFIX + policy, PolicyJson.fromIam(document));
        }
        List<String> profiles = AwsCall.call(
                "ListInstanceProfilesForRole",
                name,
                () -> iam.listInstanceProfilesForRolePaginator(r -> r.roleName(name)).instanceProfiles().stream()
                        .map(InstanceProfile::instanceProfileName)
                        .sorted()
                        .toList());
        settings.put(INSTANCE_PROFILE.key(), profiles.contains(name) ? SAME_NAME : NONE);
        return settings;
    }

    private List<String> inlineNames(String role) {
        return AwsCall.call(
                "ListRolePolicies",
                role,
                () -> iam.listRolePoliciesPaginator(r -> r.roleName(role)).policyNames().stream()
                        .sorted()
                        .toList());
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String name = spec.name();
        List<Tag> tags = StackRoles.tags(scope, name);
        AwsCall.run(
                "CreateRole",
                name,
                () -> iam.createRole(r -> r.roleName(name)
                        .path(path(scope))
                        .assumeRolePolicyDocument(roles.trustToSend(spec.setting(TRUST_POLICY)))
                        .tags(tags)
                        .description("Instances of " + scope.project() + "/" + scope.stack())));
        // A role for a service (VPC flow logs) has no instance profile.
        boolean profile = SAME_NAME.equals(spec.setting(INSTANCE_PROFILE));
        if (profile) {
            AwsCall.run(
                    "CreateInstanceProfile",
                    name,
                    () -> iam.createInstanceProfile(
                            r -> r.instanceProfileName(name).path(path(scope)).tags(tags)));
        }
        reconcile(spec, Map.of(MANAGED_POLICIES.key(), ""));
        if (profile) {
            addRole(name, name);
        }
        return name;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        String name = actual.id();
        if (!spec.setting(TRUST_POLICY).equals(actual.settings().get(TRUST_POLICY.key()))) {
            AwsCall.run(
                    "UpdateAssumeRolePolicy",
                    name,
                    () -> iam.updateAssumeRolePolicy(
                            r -> r.roleName(name).policyDocument(roles.trustToSend(spec.setting(TRUST_POLICY)))));
        }
        if (!spec.setting(INSTANCE_PROFILE).equals(actual.settings().get(INSTANCE_PROFILE.key()))) {
            ensureProfile(name, name, scope);
        }
        reconcile(spec, actual.settings());
    }

    /** Attaches and detaches managed policies and puts and deletes inline ones until they match the spec. */
    private void reconcile(Spec spec, Map<String, String> actual) {
        String role = spec.name();
        roles.attachAndDetach(role, spec.setting(MANAGED_POLICIES), actual.get(MANAGED_POLICIES.key()));
        spec.settings().forEach((key, document) -> {
            if (key.startsWith(INLINE_PREFIX) && !document.equals(actual.get(key))) {
                String policy = key.substring(INLINE_PREFIX.length());
                AwsCall.run(
                        "PutRolePolicy",
                        role + "/" + policy,
                        () -> retry.run(
                                "PutRolePolicy " + role + "/" + policy,
                                Retry.IAM_NOT_VISIBLE_YET,
                                () -> iam.putRolePolicy(
                                        r -> r.roleName(role).policyName(policy).policyDocument(document))));
            }
        });
        actual.keySet().stream()
                .filter(k -> k.startsWith(INLINE_PREFIX) && !spec.settings().containsKey(k))
                .forEach(key -> {
                    String policy = key.substring(INLINE_PREFIX.length());
                    AwsCall.run(
                            "DeleteRolePolicy",
                            role + "/" + policy,
                            () -> iam.deleteRolePolicy(r -> r.roleName(role).policyName(policy)));
                });
    }

    /** Creates the profile if an earlier run stopped before it, and puts the role in it. */
    private void ensureProfile(String profile, String role, StackScope scope) {
        InstanceProfile existing;
        try {
            existing =
                    iam.getInstanceProfile(r -> r.instanceProfileName(profile)).instanceProfile();
        } catch (NoSuchEntityException e) {
            List<Tag> tags = StackRoles.tags(scope, profile);
            existing = AwsCall.call(
                    "CreateInstanceProfile",
                    profile,
                    () -> iam.createInstanceProfile(r -> r.instanceProfileName(profile)
                                    .path(path(scope))
                                    .tags(tags))
                            .instanceProfile());
        } catch (SdkException e) {
            throw ExitException.aws("GetInstanceProfile", profile, e);
        }
        if (existing.roles().stream().noneMatch(r -> r.roleName().equals(role))) {
            addRole(profile, role);
        }
    }

    private void addRole(String profile, String role) {
        // Right after CreateRole and CreateInstanceProfile, IAM may not see them yet (NoSuchEntity).
        AwsCall.run(
                "AddRoleToInstanceProfile",
                profile,
                () -> retry.run(
                        "AddRoleToInstanceProfile " + profile,
                        Retry.IAM_NOT_VISIBLE_YET,
                        () -> iam.addRoleToInstanceProfile(
                                r -> r.instanceProfileName(profile).roleName(role))));
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        String role = actual.id();
        try {
            iam.getRole(r -> r.roleName(role));
        } catch (NoSuchEntityException gone) {
            return;
        } catch (SdkException e) {
            throw ExitException.aws("GetRole", role, e);
        }
        try {
            List<String> profiles =
                    iam.listInstanceProfilesForRolePaginator(r -> r.roleName(role)).instanceProfiles().stream()
                            .map(InstanceProfile::instanceProfileName)
                            .toList();
            for (String profile : profiles) {
                StackRoles.ignoreMissing(() -> iam.removeRoleFromInstanceProfile(
                        r -> r.instanceProfileName(profile).roleName(role)));
                if (profile.equals(actual.name())) {
                    StackRoles.ignoreMissing(() -> iam.deleteInstanceProfile(r -> r.instanceProfileName(profile)));
                }
            }
            // A profile left without its role by an interrupted create.
            StackRoles.ignoreMissing(() -> iam.deleteInstanceProfile(r -> r.instanceProfileName(actual.name())));
            for (String arn : roles.attached(role)) {
                StackRoles.ignoreMissing(
                        () -> iam.detachRolePolicy(r -> r.roleName(role).policyArn(arn)));
            }
            for (String policy : inlineNames(role)) {
                StackRoles.ignoreMissing(
                        () -> iam.deleteRolePolicy(r -> r.roleName(role).policyName(policy)));
            }
            StackRoles.ignoreMissing(() -> iam.deleteRole(r -> r.roleName(role)));
        } catch (NoSuchEntityException gone) {
            // the role went away between the list and now: done
        } catch (SdkException e) {
            throw ExitException.aws("DeleteRole", role, e);
        }
    }
}

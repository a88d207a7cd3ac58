package dev.scaleout.infra.iam;

import dev.scaleout.infra.engine.Actual;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
    private final StsClient sts;
    private final Retry retry;
    private String account;

    public InstanceRoleType(IamClient iam, StsClient sts) {
        this(iam, sts, Retry.real(Progress.toConsole()));
    }

    public InstanceRoleType(IamClient iam, StsClient sts, Retry retry) {
        this.iam = iam;
        this.sts = sts;
        this.retry = retry;
    }

    /** The account the run works in (one GetCallerIdentity a run, and only for a service role). */
    private String account() {
        if (account == null) {
            account = AwsCall.call(
                    "GetCallerIdentity", "caller", () -> sts.getCallerIdentity().account());
        }
        return account;
    }

    /** The trust policy as IAM gets it: the account put in where the spec stands for it. */
    private String trustPolicy(Spec spec) {
        String policy = spec.setting(TRUST_POLICY);
        return policy.contains(THIS_ACCOUNT) ? policy.replace(THIS_ACCOUNT, account()) : policy;
    }

    /** The trust policy as the spec says it: a condition on this account reads as the placeholder. */
    private String readTrustPolicy(Role role) {
        String policy = PolicyJson.fromIam(role.assumeRolePolicyDocument());
        return policy.contains("aws:SourceAccount")
                ? policy.replace("\"" + account() + "\"", "\"" + THIS_ACCOUNT + "\"")
                : policy;
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
        return AwsCall.find(
                        "ListRoleTags",
                        spec.name(),
                        java.util.Set.of("NoSuchEntity"),
                        () -> iam.listRoleTagsPaginator(r -> r.roleName(spec.name())).tags().stream()
                                .toList())
                .map(tags -> tags.stream()
                        .filter(t -> "Stack".equals(t.key()))
                        .map(Tag::value)
                        .findFirst()
                        .orElse(""));
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        String path = path(scope);
        List<Role> roles = AwsCall.call(
                "ListRoles",
                path,
                () -> iam.listRolesPaginator(r -> r.pathPrefix(path)).roles().stream()
                        // the prefix also lists roles under a deeper path (the RDS monitoring role's)
                        .filter(role -> path.equals(role.path()))
                        .toList());
        List<Actual> found = new ArrayList<>();
        for (Role role : roles) {
            Map<String, String> tags = AwsCall.call(
                    "ListRoleTags",
                    role.roleName(),
                    () -> iam.listRoleTagsPaginator(r -> r.roleName(role.roleName())).tags().stream()
                            .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)));
            if (!scope.stack().equals(tags.get("Stack")) || !StackScope.MANAGED_BY.equals(tags.get("ManagedBy"))) {
                continue;
            }
            found.add(Actual.of(
                    type(), tags.getOrDefault("Name", role.roleName()), role.roleName(), read(role), "available"));
        }
        return found;
    }

    private Map<String, String> read(Role role) {
        String name = role.roleName();
        Map<String, String> settings = new TreeMap<>();
        settings.put(TRUST_POLICY.key(), readTrustPolicy(role));
        settings.put(MANAGED_POLICIES.key(), String.join(",", attached(name)));
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

    private TreeSet<String> attached(String role) {
        return AwsCall.call(
                "ListAttachedRolePolicies",
                role,
                () -> iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role)).attachedPolicies().stream()
                        .map(p -> p.policyArn())
                        .collect(Collectors.toCollection(TreeSet::new)));
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
        List<Tag> tags = scope.tags(name).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        AwsCall.run(
                "CreateRole",
                name,
                () -> iam.createRole(r -> r.roleName(name)
                        .path(path(scope))
                        .assumeRolePolicyDocument(trustPolicy(spec))
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
                    () -> iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(trustPolicy(spec))));
        }
        if (!spec.setting(INSTANCE_PROFILE).equals(actual.settings().get(INSTANCE_PROFILE.key()))) {
            ensureProfile(name, name, scope);
        }
        reconcile(spec, actual.settings());
    }

    /** Attaches and detaches managed policies and puts and deletes inline ones until they match the spec. */
    private void reconcile(Spec spec, Map<String, String> actual) {
        String role = spec.name();
        Set<String> want = split(spec.setting(MANAGED_POLICIES));
        Set<String> have = split(actual.getOrDefault(MANAGED_POLICIES.key(), ""));
        for (String arn : want) {
            if (!have.contains(arn)) {
                AwsCall.run(
                        "AttachRolePolicy",
                        role + " " + arn,
                        () -> retry.run(
                                "AttachRolePolicy " + role,
                                Retry.IAM_NOT_VISIBLE_YET,
                                () -> iam.attachRolePolicy(r -> r.roleName(role).policyArn(arn))));
            }
        }
        for (String arn : have) {
            if (!want.contains(arn)) {
                AwsCall.run(
                        "DetachRolePolicy",
                        role + " " + arn,
                        () -> iam.detachRolePolicy(r -> r.roleName(role).policyArn(arn)));
            }
        }
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
            List<Tag> tags = scope.tags(profile).entrySet().stream()
                    .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                    .toList();
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
                ignoreMissing(() -> iam.removeRoleFromInstanceProfile(
                        r -> r.instanceProfileName(profile).roleName(role)));
                if (profile.equals(actual.name())) {
                    ignoreMissing(() -> iam.deleteInstanceProfile(r -> r.instanceProfileName(profile)));
                }
            }
            // A profile left without its role by an interrupted create.
            ignoreMissing(() -> iam.deleteInstanceProfile(r -> r.instanceProfileName(actual.name())));
            for (String arn : attached(role)) {
                ignoreMissing(() -> iam.detachRolePolicy(r -> r.roleName(role).policyArn(arn)));
            }
            for (String policy : inlineNames(role)) {
                ignoreMissing(() -> iam.deleteRolePolicy(r -> r.roleName(role).policyName(policy)));
            }
            ignoreMissing(() -> iam.deleteRole(r -> r.roleName(role)));
        } catch (NoSuchEntityException gone) {
            // the role went away between the list and now: done
        } catch (SdkException e) {
            throw ExitException.aws("DeleteRole", role, e);
        }
    }

    private static void ignoreMissing(Runnable call) {
        try {
            call.run();
        } catch (NoSuchEntityException gone) {
            // already deleted
        }
    }

    private static Set<String> split(String list) {
        return list.isBlank() ? Set.of() : new TreeSet<>(Arrays.asList(list.split(",")));
    }
}

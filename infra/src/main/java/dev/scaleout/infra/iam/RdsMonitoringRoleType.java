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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * "rds-monitoring-role": the role RDS Enhanced Monitoring assumes to write the database's OS
 * metrics into CloudWatch Logs (AWS's managed policy for it), trusted by
 * {@code monitoring.rds.amazonaws.com} on behalf of this account only ({@code aws:SourceAccount},
 * against the confused deputy). It lives under {@code /<project>/<stack>/rds-monitoring/}: one
 * ListRoles by that path finds it, and the instance roles' discovery, which keeps its own path
 * only, leaves it alone. Its id is its ARN, which the database names as its MonitoringRoleArn.
 */
public final class RdsMonitoringRoleType implements ManagedType {

    public static final String TYPE = "rds-monitoring-role";
    public static final Setting TRUST_POLICY = Setting.json("trustPolicy");
    public static final Setting MANAGED_POLICIES = Setting.set("managedPolicies");
    public static final Schema SCHEMA = Schema.of(TYPE, Setting.NAME, TRUST_POLICY, MANAGED_POLICIES);

    public static final String SERVICE = "monitoring.rds.amazonaws.com";
    /** Stands for the run's account inside the trust policy, as in the instance roles'. */
    public static final String THIS_ACCOUNT = InstanceRoleType.THIS_ACCOUNT;

    private final IamClient iam;
    private final StsClient sts;
    private final Retry retry;
    private String account;

    public RdsMonitoringRoleType(IamClient iam, StsClient sts, Retry retry) {
        this.iam = iam;
        this.sts = sts;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    public static String path(StackScope scope) {
        return InstanceRoleType.path(scope) + "rds-monitoring/";
    }

    /** The trust policy a spec gives: the service may assume it for this account's databases only. */
    public static String trustPolicy() {
        return PolicyJson.write(Map.of(
                "Version",
                "2012-10-17",
                "Statement",
                List.of(Map.of(
                        "Effect",
                        "Allow",
                        "Principal",
                        Map.of("Service", SERVICE),
                        "Action",
                        "sts:AssumeRole",
                        "Condition",
                        Map.of("StringEquals", Map.of("aws:SourceAccount", THIS_ACCOUNT))))));
    }

    /** The account the run works in (one GetCallerIdentity a run, and only when a role is read or made). */
    private String account() {
        if (account == null) {
            account = AwsCall.call(
                    "GetCallerIdentity", "caller", () -> sts.getCallerIdentity().account());
        }
        return account;
    }

    @Override
    public Optional<String> nameTakenBy(Spec spec, StackScope scope) {
        return AwsCall.find(
                        "ListRoleTags",
                        spec.name(),
                        Set.of("NoSuchEntity"),
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
            Map<String, String> settings = new TreeMap<>();
            String trust = PolicyJson.fromIam(role.assumeRolePolicyDocument());
            settings.put(TRUST_POLICY.key(), trust.replace("\"" + account() + "\"", "\"" + THIS_ACCOUNT + "\""));
            settings.put(MANAGED_POLICIES.key(), String.join(",", attached(role.roleName())));
            found.add(Actual.of(type(), tags.getOrDefault("Name", role.roleName()), role.arn(), settings, "available"));
        }
        return found;
    }

    private TreeSet<String> attached(String role) {
        return AwsCall.call(
                "ListAttachedRolePolicies",
                role,
                () -> iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role)).attachedPolicies().stream()
                        .map(p -> p.policyArn())
                        .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String name = spec.name();
        List<Tag> tags = scope.tags(name).entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList();
        String arn = AwsCall.call(
                "CreateRole",
                name,
                () -> iam.createRole(r -> r.roleName(name)
                                .path(path(scope))
                                .assumeRolePolicyDocument(trustPolicy(spec))
                                .tags(tags)
                                .description("RDS Enhanced Monitoring of " + scope.project() + "/" + scope.stack()))
                        .role()
                        .arn());
        attachAndDetach(name, split(spec.setting(MANAGED_POLICIES)), Set.of());
        return arn;
    }

    private String trustPolicy(Spec spec) {
        return spec.setting(TRUST_POLICY).replace(THIS_ACCOUNT, account());
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        String name = roleName(actual.id());
        if (!spec.setting(TRUST_POLICY).equals(actual.settings().get(TRUST_POLICY.key()))) {
            AwsCall.run(
                    "UpdateAssumeRolePolicy",
                    name,
                    () -> iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(trustPolicy(spec))));
        }
        attachAndDetach(
                name,
                split(spec.setting(MANAGED_POLICIES)),
                split(actual.settings().getOrDefault(MANAGED_POLICIES.key(), "")));
    }

    private void attachAndDetach(String role, Set<String> want, Set<String> have) {
        for (String arn : want) {
            if (!have.contains(arn)) {
                // Right after CreateRole, IAM may not see the role yet (NoSuchEntity).
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
    }

    /** Its policies detached (and any inline one a hand added deleted), then the role: IAM refuses it before. */
    @Override
    public void delete(Actual actual, StackScope scope) {
        String role = roleName(actual.id());
        try {
            for (var policy :
                    iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role)).attachedPolicies()) {
                ignoreMissing(() -> iam.detachRolePolicy(r -> r.roleName(role).policyArn(policy.policyArn())));
            }
            for (String policy :
                    iam.listRolePoliciesPaginator(r -> r.roleName(role)).policyNames()) {
                ignoreMissing(() -> iam.deleteRolePolicy(r -> r.roleName(role).policyName(policy)));
            }
            ignoreMissing(() -> iam.deleteRole(r -> r.roleName(role)));
        } catch (NoSuchEntityException gone) {
            // already deleted
        } catch (SdkException e) {
            throw ExitException.aws("DeleteRole", role, e);
        }
    }

    /** "arn:aws:iam::123456789012:role/scaleout-kit/demo/rds-monitoring/my-rds-monitoring-role" → its name. */
    static String roleName(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static void ignoreMissing(Runnable call) {
        try {
            call.run();
        } catch (NoSuchEntityException gone) {
            // already deleted
        }
    }

    private static Set<String> split(String list) {
        return list == null || list.isBlank() ? Set.of() : new TreeSet<>(Arrays.asList(list.split(",")));
    }
}

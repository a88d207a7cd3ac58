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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

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

    private final IamClient iam;
    private final StackRoles roles;

    public RdsMonitoringRoleType(IamClient iam, CallerAccount account, Retry retry) {
        this.iam = iam;
        this.roles = new StackRoles(iam, account, retry);
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
        return IamSpecs.serviceTrustPolicy(SERVICE);
    }

    @Override
    public Optional<String> nameTakenBy(Spec spec, StackScope scope) {
        return roles.stackOf(spec.name());
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        return roles.find(path(scope), scope).stream()
                .map(found -> Actual.of(
                        type(),
                        found.name(),
                        found.role().arn(),
                        new TreeMap<>(Map.of(
                                TRUST_POLICY.key(),
                                roles.trustAsRead(found.role()),
                                MANAGED_POLICIES.key(),
                                String.join(",", roles.attached(found.role().roleName())))),
                        "available"))
                .toList();
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String name = spec.name();
        List<Tag> tags = StackRoles.tags(scope, name);
        String arn = AwsCall.call(
                "CreateRole",
                name,
                () -> iam.createRole(r -> r.roleName(name)
                                .path(path(scope))
                                .assumeRolePolicyDocument(roles.trustToSend(spec.setting(TRUST_POLICY)))
                                .tags(tags)
                                .description("RDS Enhanced Monitoring of " + scope.project() + "/" + scope.stack()))
                        .role()
                        .arn());
        roles.attachAndDetach(name, spec.setting(MANAGED_POLICIES), "");
        return arn;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        String name = roleName(actual.id());
        if (!spec.setting(TRUST_POLICY).equals(actual.settings().get(TRUST_POLICY.key()))) {
            AwsCall.run(
                    "UpdateAssumeRolePolicy",
                    name,
                    () -> iam.updateAssumeRolePolicy(
                            r -> r.roleName(name).policyDocument(roles.trustToSend(spec.setting(TRUST_POLICY)))));
        }
        roles.attachAndDetach(
                name, spec.setting(MANAGED_POLICIES), actual.settings().get(MANAGED_POLICIES.key()));
    }

    /** Its policies detached (and any inline one a hand added deleted), then the role: IAM refuses it before. */
    @Override
    public void delete(Actual actual, StackScope scope) {
        String role = roleName(actual.id());
        try {
            for (var policy :
                    iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role)).attachedPolicies()) {
                StackRoles.ignoreMissing(
                        () -> iam.detachRolePolicy(r -> r.roleName(role).policyArn(policy.policyArn())));
            }
            for (String policy :
                    iam.listRolePoliciesPaginator(r -> r.roleName(role)).policyNames()) {
                StackRoles.ignoreMissing(
                        () -> iam.deleteRolePolicy(r -> r.roleName(role).policyName(policy)));
            }
            StackRoles.ignoreMissing(() -> iam.deleteRole(r -> r.roleName(role)));
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
}

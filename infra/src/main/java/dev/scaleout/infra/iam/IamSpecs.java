package dev.scaleout.infra.iam;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The instances' role: SSM core and the CloudWatch agent (AWS managed policies), and an
 * inline policy that reads the database's secret only (plus the stress token parameter when
 * one is configured); an instance profile of the same name holds it.
 *
 * <p>The secret's ARN exists only once RDS made it, and the role comes before the database.
 * Rather than a second pass, the policy names the secret the way RDS does: RDS-managed
 * secrets are called {@code rds!db-<uuid>} and tagged {@code aws:rds:primaryDBInstanceArn}
 * with the instance's ARN, which is known from its identifier alone. So the grant is
 * "secrets named rds!db-* whose owner tag is our DB", written with {@code ${aws:PrincipalAccount}}
 * so the spec needs no AWS call and survives the DB being replaced.
 */
public final class IamSpecs {

    public static final String SECRETS_POLICY = "app-secrets";
    static final String SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
    public static final List<String> MANAGED_POLICIES =
            List.of(SSM_CORE, "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy");

    private IamSpecs() {}

    public static String roleName(StackConfig config) {
        return config.prefix() + "-app-role";
    }

    /** The private instance's role: Session Manager and Run Command only. */
    public static String privateInstanceRoleName(StackConfig config) {
        return config.prefix() + "-private-ec2-role";
    }

    /** The bastion's role: Session Manager and Run Command only, like the private instance's. */
    public static String bastionRoleName(StackConfig config) {
        return config.prefix() + "-bastion-role";
    }

    public static String flowLogsRoleName(StackConfig config) {
        return config.prefix() + "-flow-logs-role";
    }

    public static List<Spec> specs(StackConfig config) {
        List<Spec> specs = new ArrayList<>(instanceRole(config));
        if (config.bastion().enabled()) {
            specs.add(ssmOnlyRole(bastionRoleName(config)));
        }
        if (config.privateInstance() != null && config.privateInstance().enabled()) {
            specs.add(ssmOnlyRole(privateInstanceRoleName(config)));
        }
        if (config.network().flowLogRetentionDays() > 0) {
            specs.add(flowLogsRole(config));
        }
        return specs;
    }

    /**
     * The role the VPC flow-logs service assumes to write into the stack's log group, and only
     * there (the VPC User Guide's policy, scoped to that group); no instance profile.
     */
    static Spec flowLogsRole(StackConfig config) {
        String region = config.region() == null || config.region().isBlank() ? "*" : config.region();
        String group = "arn:aws:logs:" + region + ":${aws:PrincipalAccount}:log-group:/" + config.project() + "/"
                + config.stack() + "/" + config.prefix() + "-vpc-flow-logs";
        String policy = PolicyJson.write(Map.of(
                "Version",
                "2012-10-17",
                "Statement",
                List.of(Map.of(
                        "Sid",
                        "WriteFlowLogs",
                        "Effect",
                        "Allow",
                        "Action",
                        List.of(
                                "logs:CreateLogStream",
                                "logs:PutLogEvents",
                                "logs:DescribeLogGroups",
                                "logs:DescribeLogStreams"),
                        "Resource",
                        List.of(group, group + ":*")))));
        return InstanceRoleType.SCHEMA
                .spec(flowLogsRoleName(config))
                .set(InstanceRoleType.TRUST_POLICY, serviceTrustPolicy("vpc-flow-logs.amazonaws.com"))
                .set(InstanceRoleType.MANAGED_POLICIES, "")
                .set(InstanceRoleType.INLINE_POLICY.named("flow-logs"), policy)
                .set(InstanceRoleType.INSTANCE_PROFILE, InstanceRoleType.NONE)
                .build();
    }

    /**
     * The bastion and the course's my-private-ec2 are reached by SSH, Session Manager, and Run
     * Command (the peering check's ping); they run no app, so they get SSM's core policy alone,
     * not the app role's database secret, stress token or CloudWatch agent: the bastion faces the
     * internet, and what its profile may do anyone on it may do.
     */
    static Spec ssmOnlyRole(String name) {
        return InstanceRoleType.SCHEMA
                .spec(name)
                .set(InstanceRoleType.TRUST_POLICY, trustPolicy("ec2.amazonaws.com"))
                .set(InstanceRoleType.MANAGED_POLICIES, SSM_CORE)
                .set(InstanceRoleType.INSTANCE_PROFILE, InstanceRoleType.SAME_NAME)
                .build();
    }

    static List<Spec> instanceRole(StackConfig config) {
        return List.of(InstanceRoleType.SCHEMA
                .spec(roleName(config))
                .set(InstanceRoleType.TRUST_POLICY, trustPolicy("ec2.amazonaws.com"))
                .set(
                        InstanceRoleType.MANAGED_POLICIES,
                        String.join(",", MANAGED_POLICIES.stream().sorted().toList()))
                .set(InstanceRoleType.INLINE_POLICY.named(SECRETS_POLICY), secretsPolicy(config))
                // "same-name", not the name itself: the engine would read a bare "my-app-role" as the role's id and
                // make it a reference.
                .set(InstanceRoleType.INSTANCE_PROFILE, InstanceRoleType.SAME_NAME)
                .build());
    }

    /** EC2 takes an instance profile's role without source keys: no condition can limit it (see serviceTrustPolicy). */
    static String trustPolicy(String service) {
        return trust(service, Map.of());
    }

    /**
     * A trust policy for an AWS service acting on the stack's behalf, limited to this account
     * (aws:SourceAccount), so another account cannot get the service to act with this role (the
     * cross-service confused deputy). The account is filled in by {@link StackRoles} at apply.
     */
    static String serviceTrustPolicy(String service) {
        return trust(
                service,
                Map.of(
                        "Condition",
                        Map.of("StringEquals", Map.of("aws:SourceAccount", InstanceRoleType.THIS_ACCOUNT))));
    }

    private static String trust(String service, Map<String, Object> condition) {
        Map<String, Object> statement = new java.util.TreeMap<>(
                Map.of("Effect", "Allow", "Principal", Map.of("Service", service), "Action", "sts:AssumeRole"));
        statement.putAll(condition);
        return PolicyJson.write(Map.of("Version", "2012-10-17", "Statement", List.of(statement)));
    }

    static String secretsPolicy(StackConfig config) {
        String region = config.region() == null || config.region().isBlank() ? "*" : config.region();
        String account = "${aws:PrincipalAccount}";
        String dbArn = "arn:aws:rds:" + region + ":" + account + ":db:" + config.prefix() + "-db";
        List<Object> statements = new ArrayList<>();
        statements.add(Map.of(
                "Sid", "ReadDatabaseSecret",
                "Effect", "Allow",
                "Action", "secretsmanager:GetSecretValue",
                "Resource", "arn:aws:secretsmanager:" + region + ":" + account + ":secret:rds!db-*",
                "Condition",
                        Map.of(
                                "StringLike",
                                Map.of("secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn", dbArn))));
        String stress = config.instances().stressTokenParameter();
        if (stress != null && !stress.isBlank()) {
            statements.add(Map.of(
                    "Sid", "ReadStressToken",
                    "Effect", "Allow",
                    "Action", "ssm:GetParameter",
                    "Resource",
                            "arn:aws:ssm:" + region + ":" + account + ":parameter/" + stress.replaceFirst("^/", "")));
        }
        return PolicyJson.write(Map.of("Version", "2012-10-17", "Statement", statements));
    }
}

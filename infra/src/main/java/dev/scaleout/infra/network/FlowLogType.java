package dev.scaleout.infra.network;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.iam.InstanceRoleType;
import dev.scaleout.infra.logs.LogGroupType;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.FlowLogsResourceType;
import software.amazon.awssdk.services.ec2.model.LogDestinationType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * "flow-log" (Terraform's aws_flow_log): the VPC's traffic records (accepted and rejected)
 * delivered to a CloudWatch Logs group by a role the flow-logs service assumes. AWS cannot
 * change a flow log, so every setting replaces it. Found by the stack's tags; id: fl-...
 */
public final class FlowLogType implements ManagedType {

    public static final String TYPE = "flow-log";
    public static final Setting VPC = Setting.reference("vpc", VpcType.TYPE).replaces();
    public static final Setting LOG_GROUP =
            Setting.reference("logGroup", LogGroupType.TYPE).replaces();
    public static final Setting ROLE =
            Setting.reference("role", InstanceRoleType.TYPE).replaces();
    public static final Setting TRAFFIC_TYPE = Setting.scalar("trafficType").replaces();
    /** 600 s (AWS's default) rather than 60: fewer, larger records, so less to ingest and pay for. */
    public static final Setting AGGREGATION_SECONDS =
            Setting.scalar("maxAggregationIntervalSeconds").replaces();

    public static final Schema SCHEMA = Schema.of(TYPE, VPC, LOG_GROUP, ROLE, TRAFFIC_TYPE, AGGREGATION_SECONDS);

    private final Ec2Client ec2;
    private final IamClient iam;

    public FlowLogType(Ec2Client ec2, IamClient iam) {
        this.ec2 = ec2;
        this.iam = iam;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        return AwsCall.call(
                        "DescribeFlowLogs",
                        "*",
                        () ->
                                ec2
                                        .describeFlowLogsPaginator(r -> r.filter(Ec2Tags.stackFilters(scope)))
                                        .flowLogs()
                                        .stream()
                                        .toList())
                .stream()
                .map(f -> Actual.of(
                        type(),
                        Ec2Tags.name(f.tags()),
                        f.flowLogId(),
                        Map.of(
                                VPC.key(), f.resourceId(),
                                LOG_GROUP.key(), Objects.toString(f.logGroupName(), "none"),
                                // The role's id in the stack is its name: the ARN's last part.
                                ROLE.key(), roleName(f.deliverLogsPermissionArn()),
                                TRAFFIC_TYPE.key(), f.trafficTypeAsString(),
                                AGGREGATION_SECONDS.key(), String.valueOf(f.maxAggregationInterval())),
                        f.flowLogStatus() == null ? "" : f.flowLogStatus().toLowerCase()))
                .toList();
    }

    static String roleName(String arn) {
        return arn == null ? "none" : arn.substring(arn.lastIndexOf('/') + 1);
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String role = refs.resolve(spec.setting(ROLE));
        String roleArn = AwsCall.call(
                "GetRole", role, () -> iam.getRole(r -> r.roleName(role)).role().arn());
        var response = AwsCall.call(
                "CreateFlowLogs",
                spec.name(),
                () -> ec2.createFlowLogs(r -> r.resourceIds(refs.resolve(spec.setting(VPC)))
                        .resourceType(FlowLogsResourceType.VPC)
                        .trafficType(spec.setting(TRAFFIC_TYPE))
                        .logDestinationType(LogDestinationType.CLOUD_WATCH_LOGS)
                        .logGroupName(refs.resolve(spec.setting(LOG_GROUP)))
                        .deliverLogsPermissionArn(roleArn)
                        .maxAggregationInterval(Integer.parseInt(spec.setting(AGGREGATION_SECONDS)))
                        .tagSpecifications(Ec2Tags.spec(ResourceType.VPC_FLOW_LOG, scope, spec.name()))));
        if (response.flowLogIds().isEmpty()) {
            throw ExitException.failure("CreateFlowLogs " + spec.name() + ": "
                    + response.unsuccessful().stream()
                            .map(u -> u.error().code() + ": " + u.error().message())
                            .toList());
        }
        return response.flowLogIds().get(0);
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        // every setting replaces: nothing to change in place
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        // An unknown id comes back in Unsuccessful, not as an error: gone is gone.
        AwsCall.run("DeleteFlowLogs", actual.id(), () -> ec2.deleteFlowLogs(r -> r.flowLogIds(actual.id())));
    }
}

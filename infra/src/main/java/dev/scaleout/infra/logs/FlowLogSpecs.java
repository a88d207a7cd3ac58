package dev.scaleout.infra.logs;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.iam.IamSpecs;
import dev.scaleout.infra.iam.InstanceRoleType;
import dev.scaleout.infra.network.FlowLogType;
import dev.scaleout.infra.network.NetworkSpecs;
import java.util.List;

/**
 * The VPC's flow logs (all traffic, 10-minute records) into {@code <prefix>-vpc-flow-logs}, kept
 * {@code network.flowLogRetentionDays}; none when that is 0.
 */
public final class FlowLogSpecs {

    private FlowLogSpecs() {}

    public static String logGroupName(StackConfig c) {
        return c.prefix() + "-vpc-flow-logs";
    }

    public static boolean enabled(StackConfig c) {
        return c.network().flowLogRetentionDays() > 0;
    }

    public static List<Spec> logGroup(StackConfig c) {
        if (!enabled(c)) {
            return List.of();
        }
        return List.of(LogGroupType.SCHEMA
                .spec(logGroupName(c))
                .set(LogGroupType.RETENTION_DAYS, String.valueOf(c.network().flowLogRetentionDays()))
                .build());
    }

    public static List<Spec> flowLog(StackConfig c) {
        if (!enabled(c)) {
            return List.of();
        }
        return List.of(FlowLogType.SCHEMA
                .spec(c.prefix() + "-vpc-flow-log")
                .set(FlowLogType.VPC, NetworkSpecs.vpcRef(c))
                .set(FlowLogType.LOG_GROUP, LogGroupType.SCHEMA.ref(logGroupName(c)))
                .set(FlowLogType.ROLE, InstanceRoleType.SCHEMA.ref(IamSpecs.flowLogsRoleName(c)))
                .set(FlowLogType.TRAFFIC_TYPE, "ALL")
                .set(FlowLogType.AGGREGATION_SECONDS, "600")
                .build());
    }
}

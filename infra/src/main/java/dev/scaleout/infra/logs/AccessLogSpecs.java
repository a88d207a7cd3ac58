package dev.scaleout.infra.logs;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import java.util.List;

/**
 * The ALB's access logs (loadBalancer.accessLogs): the bucket {@code <prefix>-alb-logs} (its
 * AWS name adds the account and region), logs under {@code alb/}, deleted after
 * loadBalancer.accessLogsRetentionDays; none when off.
 */
public final class AccessLogSpecs {

    /** Where in the bucket the ALB writes (it adds AWSLogs/<account>/elasticloadbalancing/<region>/...). */
    public static final String LOG_PREFIX = "alb";

    private AccessLogSpecs() {}

    public static boolean enabled(StackConfig c) {
        return c.loadBalancer().accessLogs();
    }

    public static String bucketName(StackConfig c) {
        return c.prefix() + "-alb-logs";
    }

    public static List<Spec> bucket(StackConfig c) {
        if (!enabled(c)) {
            return List.of();
        }
        return List.of(AccessLogBucketType.SCHEMA
                .spec(bucketName(c))
                .set(AccessLogBucketType.LOG_PREFIX, LOG_PREFIX)
                .set(
                        AccessLogBucketType.EXPIRE_DAYS,
                        String.valueOf(c.loadBalancer().accessLogsRetentionDays()))
                .set(AccessLogBucketType.ENCRYPTION, AccessLogBucketType.SSE_S3)
                .set(AccessLogBucketType.PUBLIC_ACCESS_BLOCK, AccessLogBucketType.ALL_BLOCKED)
                .set(AccessLogBucketType.POLICY, AccessLogBucketType.POLICY_STATEMENTS)
                .build());
    }
}

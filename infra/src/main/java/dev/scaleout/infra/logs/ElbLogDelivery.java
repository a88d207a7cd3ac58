package dev.scaleout.infra.logs;

import java.util.Map;
import java.util.Optional;

/**
 * Who writes an ALB's access logs into the bucket, by region, as AWS's "Enable access logs
 * for your Application Load Balancer" says: in the regions that existed before August 2022,
 * Elastic Load Balancing's own account in that region (the policy names it as an AWS
 * principal); in every region opened since, the log delivery service principal. A region
 * missing from the table is taken as a newer one: AWS opens no more old regions, so only the
 * table can be wrong, not the rule.
 */
public final class ElbLogDelivery {

    /** The log delivery service principal of the regions opened in or after August 2022. */
    public static final String SERVICE_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com";

    /** Elastic Load Balancing's account per region opened before August 2022 (AWS's table). */
    static final Map<String, String> ELB_ACCOUNTS = Map.ofEntries(
            Map.entry("us-east-1", "127311923021"),
            Map.entry("us-east-2", "033677994240"),
            Map.entry("us-west-1", "027434742980"),
            Map.entry("us-west-2", "797873946194"),
            Map.entry("af-south-1", "098369216593"),
            Map.entry("ap-east-1", "754344448648"),
            Map.entry("ap-southeast-3", "589379963580"),
            Map.entry("ap-south-1", "718504428378"),
            Map.entry("ap-northeast-3", "383597477331"),
            Map.entry("ap-northeast-2", "600734575887"),
            Map.entry("ap-southeast-1", "114774131450"),
            Map.entry("ap-southeast-2", "783225319266"),
            Map.entry("ap-northeast-1", "582318560864"),
            Map.entry("ca-central-1", "985666609251"),
            Map.entry("eu-central-1", "054676820928"),
            Map.entry("eu-west-1", "156460612806"),
            Map.entry("eu-west-2", "652711504416"),
            Map.entry("eu-south-1", "635631232127"),
            Map.entry("eu-west-3", "009996457667"),
            Map.entry("eu-north-1", "897822967062"),
            Map.entry("me-south-1", "076674570225"),
            Map.entry("sa-east-1", "507241528517"),
            Map.entry("us-gov-west-1", "048591011584"),
            Map.entry("us-gov-east-1", "190560391635"),
            Map.entry("cn-north-1", "638102146993"),
            Map.entry("cn-northwest-1", "037604701340"));

    private ElbLogDelivery() {}

    /** Elastic Load Balancing's account in an older region; empty in a region that uses the service principal. */
    public static Optional<String> elbAccount(String region) {
        return Optional.ofNullable(ELB_ACCOUNTS.get(region));
    }

    /** The policy's Principal for this region, as JSON. */
    static String principal(String partition, String region) {
        return elbAccount(region)
                .map(account -> "{\"AWS\":\"arn:" + partition + ":iam::" + account + ":root\"}")
                .orElse("{\"Service\":\"" + SERVICE_PRINCIPAL + "\"}");
    }

    /**
     * The statement that lets the ALB write its logs: PutObject under
     * {@code <prefix>/AWSLogs/<account>/}, where ELB writes them, and nowhere else.
     */
    public static String statement(String partition, String region, String bucketArn, String prefix, String account) {
        return """
                {"Sid":"AllowElbLogDelivery","Effect":"Allow","Principal":%s,"Action":"s3:PutObject",\
                "Resource":"%s/%s/AWSLogs/%s/*"}""".formatted(principal(partition, region), bucketArn, prefix, account);
    }
}

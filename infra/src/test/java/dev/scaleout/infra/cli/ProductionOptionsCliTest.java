package dev.scaleout.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production options through the CLI, with no credentials: the dry-run plan and cost, and bad input. */
class ProductionOptionsCliTest extends WithoutAwsCli {

    @TempDir
    Path dir;

    @Test
    void theDryRunShowsTheLogBucketTheWebAclAndTheirCost() throws Exception {
        Path config = Files.writeString(
                dir.resolve("stack.yaml"), "region: us-east-1\nloadBalancer: {accessLogs: true, waf: true}\n");

        assertThat(run("apply", "--dry-run", "--config", config.toString()))
                .as(err.toString())
                .isZero();

        assertThat(out.toString())
                .contains("log-bucket/my-alb-logs", "web-acl/my-alb-waf")
                .contains("access_logs.s3.bucket=@log-bucket/my-alb-logs")
                .contains("AWSManagedRulesCommonRuleSet")
                .contains("WAF web ACL ($5/month)", "WAF requests (assumed 1 M/month", "ALB access logs in S3");
    }

    @Test
    void aPaidRuleGroupIsExit2BeforeAnyAwsCall() throws Exception {
        Path config = Files.writeString(
                dir.resolve("stack.yaml"),
                "loadBalancer: {waf: true, wafManagedRuleGroups: [AWSManagedRulesBotControlRuleSet]}\n");

        assertThat(run("apply", "--config", config.toString(), "--region", "us-east-1"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("loadBalancer.wafManagedRuleGroups: 'AWSManagedRulesBotControlRuleSet' is not an AWS managed"
                        + " rule group without a subscription fee")
                .doesNotContain("\tat ");
    }

    @Test
    void theDryRunShowsTheMonitoringRoleTheProtectionsAndTheirCost() throws Exception {
        Path config = Files.writeString(
                dir.resolve("stack.yaml"),
                "region: us-east-1\ndatabase: {monitoringIntervalSeconds: 60, deletionProtection: true}\n"
                        + "loadBalancer: {deletionProtection: true}\n");

        assertThat(run("apply", "--dry-run", "--config", config.toString()))
                .as(err.toString())
                .isZero();

        assertThat(out.toString())
                .contains("rds-monitoring-role/my-rds-monitoring-role")
                .contains("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole")
                .contains("monitoring.rds.amazonaws.com")
                .contains("monitoringRole = \"@rds-monitoring-role/my-rds-monitoring-role\"")
                .contains("monitoringIntervalSeconds = \"60\"")
                .contains("deletionProtection = \"true\"")
                .contains("deletion_protection.enabled=true")
                .contains("RDS Enhanced Monitoring every 60 s (assumed 4 KB a sample, $0.50/GB ingested)")
                .contains("Deletion protection (ALB, database): no charge.");
    }

    @Test
    void anIntervalRdsDoesNotOfferIsExit2BeforeAnyAwsCall() throws Exception {
        Path config = Files.writeString(dir.resolve("stack.yaml"), "database: {monitoringIntervalSeconds: 20}\n");

        assertThat(run("apply", "--config", config.toString(), "--region", "us-east-1"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("database.monitoringIntervalSeconds: 20 is not an interval RDS Enhanced Monitoring offers")
                .contains("use one of 1, 5, 10, 15, 30, 60 (seconds), or 0 for no Enhanced Monitoring")
                .doesNotContain("\tat ");
    }
}

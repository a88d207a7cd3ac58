package dev.scaleout.infra.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.config.StackConfigLoader;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CostEstimateTest {

    /** MySQL 8.0 with Extended Support paid for (the default is 8.4 with it off). */
    static final StackConfig MYSQL_80_PAID =
            StackConfigLoader.parse("database: {engineVersion: \"8.0\", extendedSupport: true}", "s");

    /** Before MySQL 8.0 left RDS standard support. */
    static final LocalDate STANDARD_SUPPORT = LocalDate.of(2026, 7, 31);

    static final LocalDate EXTENDED_SUPPORT = LocalDate.of(2026, 8, 1);
    /** 20 GB of gp3 at $0.115 per GB-month, by the hour. */
    static final double STORAGE_US_EAST_1 = 20 * 0.115 / 730;
    /** 1 MB an hour of flow logs at $0.50 per GB ingested. */
    static final double FLOW_LOGS_US_EAST_1 = 0.50 / 1024;

    @Test
    void theCourseStackInUsEast1() {
        CostEstimate e = CostEstimate.of(StackConfig.defaults(), "us-east-1", STANDARD_SUPPORT);
        // NAT 0.045 + ALB 0.0225 + 1 LCU 0.008 + db.t3.micro 0.017 + 20 GB storage + 1 x t3.micro 0.0104
        // + 3 public IPv4 (NAT EIP, 2 ALB nodes) x 0.005 + flow logs, 1 MB/h at $0.50/GB
        assertThat(e.hourly())
                .isCloseTo(
                        0.045 + 0.0225 + 0.008 + 0.017 + STORAGE_US_EAST_1 + 0.0104 + 3 * 0.005 + FLOW_LOGS_US_EAST_1,
                        within(1e-9));
        assertThat(e.render())
                .contains("us-east-1")
                .contains(CostEstimate.PRICES_AS_OF)
                .contains("estimate")
                .contains("NAT gateway")
                .contains("ALB LCU (assumed")
                .contains("RDS gp3 storage, 20 GB at $0.115/GB-month")
                .contains("VPC flow logs (assumed 1 MB/h, $0.50/GB ingested)")
                .contains("$0.122 per hour")
                .doesNotContain("Extended Support");
    }

    @Test
    void peeringAddsItsTestInstanceInThePeerRegionAndNotesTheTransfer() {
        StackConfig c = StackConfigLoader.parse("peering: {enabled: true, region: ap-northeast-2}", "s");
        double without = CostEstimate.of(StackConfig.defaults(), "us-east-1", STANDARD_SUPPORT)
                .hourly();
        CostEstimate with = CostEstimate.of(c, "us-east-1", STANDARD_SUPPORT);
        // The test instance is priced in the peer region (Seoul's t3.micro), the peering itself not at all.
        assertThat(with.hourly() - without).isCloseTo(0.013, within(1e-9));
        assertThat(with.render())
                .contains("EC2 t3.micro (peering test instance, in ap-northeast-2)")
                .contains("no hourly charge")
                .contains("per GB");
        StackConfig noInstance =
                StackConfigLoader.parse("peering: {enabled: true, region: ap-northeast-2, testInstance: false}", "s");
        assertThat(CostEstimate.of(noInstance, "us-east-1", STANDARD_SUPPORT).hourly())
                .isCloseTo(without, within(1e-9));
    }

    @Test
    void mysql80PaysExtendedSupportPerVcpuFromTheDayAfterStandardSupportEnds() {
        double before =
                CostEstimate.of(MYSQL_80_PAID, "us-east-1", STANDARD_SUPPORT).hourly();
        CostEstimate after = CostEstimate.of(MYSQL_80_PAID, "us-east-1", EXTENDED_SUPPORT);
        // db.t3.micro has 2 vCPUs at $0.100 per vCPU-hour (year 1): more than the rest of the stack
        assertThat(after.hourly() - before).isCloseTo(2 * 0.100, within(1e-9));
        assertThat(after.lines()).anySatisfy(l -> {
            assertThat(l.what()).isEqualTo("RDS Extended Support vCPU (MySQL 8.0)");
            assertThat(l.count()).isEqualTo(2);
        });
        assertThat(after.render())
                .contains("$0.322 per hour")
                .contains("MySQL 8.0 left RDS standard support on 2026-07-31")
                .contains("$0.100 per vCPU-hour")
                .contains("doubles from 2028-08-01");
    }

    @Test
    void mysql80WithExtendedSupportOffIsNotChargedBecauseAwsRefusesToCreateIt() {
        StackConfig c = StackConfigLoader.parse("database: {engineVersion: \"8.0\"}", "s");
        CostEstimate e = CostEstimate.of(c, "us-east-1", EXTENDED_SUPPORT);
        assertThat(e.lines()).noneMatch(l -> l.what().contains("Extended Support"));
        assertThat(e.render())
                .contains("MySQL 8.0 left RDS standard support on 2026-07-31")
                .contains("AWS refuses to create it");
    }

    @Test
    void aVersionStillInStandardSupportPaysNoExtendedSupport() {
        StackConfig c = StackConfigLoader.parse("database: {engineVersion: \"8.4.3\"}", "s");
        CostEstimate e = CostEstimate.of(c, "us-east-1", LocalDate.of(2026, 12, 1));
        assertThat(e.lines()).noneMatch(l -> l.what().contains("Extended Support"));
        assertThat(e.hourly())
                .isCloseTo(
                        CostEstimate.of(StackConfig.defaults(), "us-east-1", STANDARD_SUPPORT)
                                .hourly(),
                        within(1e-9));
    }

    @Test
    void multiAzDoublesTheInstanceItsStorageAndItsExtendedSupport() {
        StackConfig c = StackConfigLoader.parse(
                "database: {multiAz: true, allocatedStorageGb: 100, engineVersion: \"8.0.39\", extendedSupport: true}",
                "s");
        CostEstimate e = CostEstimate.of(c, "us-east-1", EXTENDED_SUPPORT);
        assertThat(line(e, "RDS gp3 storage").hourly()).isCloseTo(2 * 100 * 0.115 / 730, within(1e-9));
        assertThat(line(e, "RDS Extended Support").hourly()).isCloseTo(2 * 2 * 0.100, within(1e-9));
        assertThat(line(e, "RDS MySQL").hourly()).isCloseTo(2 * 0.017, within(1e-9));
    }

    @Test
    void extendedSupportIsChargedByTheClasssVcpus() {
        assertThat(MySqlSupport.vcpus("db.t3.micro")).isEqualTo(2);
        assertThat(MySqlSupport.vcpus("db.m5.large")).isEqualTo(2);
        assertThat(MySqlSupport.vcpus("db.r6g.xlarge")).isEqualTo(4);
        assertThat(MySqlSupport.vcpus("db.m6i.4xlarge")).isEqualTo(16);
        StackConfig c = StackConfigLoader.parse(
                "database: {instanceClass: db.m6i.2xlarge, engineVersion: \"8.0\", extendedSupport: true}", "s");
        assertThat(line(CostEstimate.of(c, "eu-west-1", EXTENDED_SUPPORT), "RDS Extended Support")
                        .count())
                .isEqualTo(8);
    }

    @Test
    void theCalendarKnowsTheMajorsTheConfigAccepts() {
        assertThat(MySqlSupport.of("8.0").orElseThrow().extendedSupportCharged(STANDARD_SUPPORT))
                .isFalse();
        assertThat(MySqlSupport.of("8.0.42").orElseThrow().extendedSupportCharged(EXTENDED_SUPPORT))
                .isTrue();
        assertThat(MySqlSupport.of("8.4").orElseThrow().standardSupportEnd()).isAfter(EXTENDED_SUPPORT);
        // after the end of Extended Support RDS has upgraded the instance: nothing left to charge for 8.0
        assertThat(MySqlSupport.of("8.0").orElseThrow().extendedSupportCharged(LocalDate.of(2029, 8, 1)))
                .isFalse();
        assertThat(MySqlSupport.of("8")).isEmpty();
        assertThat(MySqlSupport.of("9.1")).isEmpty();
    }

    @Test
    void optionsAddWhatTheyRun() {
        StackConfig c = StackConfigLoader.parse("""
                network: {natGatewayPerAz: true}
                database: {multiAz: true}
                autoScaling: {desired: 2}
                bastion: {enabled: true}
                """, "s");
        CostEstimate e = CostEstimate.of(c, "eu-west-1", STANDARD_SUPPORT);
        double expected = 2 * 0.048
                + 0.0252
                + 0.008
                + 2 * 0.018
                + 2 * 20 * 0.127 / 730
                + 2 * 0.0114
                + 0.0114
                + (2 + 2 + 1) * 0.005
                + 0.57 / 1024;
        assertThat(e.hourly()).isCloseTo(expected, within(1e-9));
    }

    @Test
    void regionsAreNotPricedAlike() {
        double seoul = CostEstimate.of(StackConfig.defaults(), "ap-northeast-2", EXTENDED_SUPPORT)
                .hourly();
        double virginia = CostEstimate.of(StackConfig.defaults(), "us-east-1", EXTENDED_SUPPORT)
                .hourly();
        assertThat(seoul).isGreaterThan(virginia);
    }

    @Test
    void aRegionOutsideTheTableUsesTheFactorAndSaysSo() {
        for (LocalDate day : new LocalDate[] {STANDARD_SUPPORT, EXTENDED_SUPPORT}) {
            CostEstimate e = CostEstimate.of(StackConfig.defaults(), "sa-east-1", day);
            assertThat(e.hourly())
                    .isCloseTo(
                            CostEstimate.of(StackConfig.defaults(), "us-east-1", day)
                                            .hourly()
                                    * CostEstimate.FALLBACK_FACTOR,
                            within(1e-9));
            assertThat(e.render()).contains("not in the table");
        }
    }

    @Test
    void unlistedSizesScaleFromMicro() {
        StackConfig c = StackConfigLoader.parse("instances: {instanceType: t3.large}", "s");
        CostEstimate e = CostEstimate.of(c, "us-east-1");
        assertThat(line(e, "EC2 t3.large").unitHourly()).isCloseTo(0.0104 * 8, within(1e-9));
    }

    private static CostEstimate.Line line(CostEstimate e, String prefix) {
        return e.lines().stream()
                .filter(l -> l.what().startsWith(prefix))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void thePrivateInstanceAndTheVpnAddTheirHourlyLines() {
        double base = CostEstimate.of(StackConfig.defaults(), "us-east-1", STANDARD_SUPPORT)
                .hourly();
        StackConfig c = StackConfigLoader.parse("privateInstance: {enabled: true}\nvpn: {enabled: true}", "s");
        CostEstimate e = CostEstimate.of(c, "us-east-1", STANDARD_SUPPORT);
        // my-private-ec2 (t3.micro 0.0104, no public address) + one subnet association 0.10 + one connection 0.05
        assertThat(e.hourly() - base).isCloseTo(0.0104 + 0.10 + 0.05, within(1e-9));
        assertThat(e.render())
                .contains("EC2 t3.micro (my-private-ec2)")
                .contains("Client VPN endpoint association (1 subnet)")
                .contains("Client VPN connection (assumed: one client)");
        // Seoul, the course's region, prices an association higher
        assertThat(CostEstimate.of(c, "ap-northeast-2", STANDARD_SUPPORT).lines())
                .anySatisfy(l -> {
                    assertThat(l.what()).startsWith("Client VPN endpoint association");
                    assertThat(l.hourly()).isCloseTo(0.15, within(1e-9));
                });
    }

    @Test
    void theProductionOptionsAddTheirMonthlyPricesByTheHour() {
        double base = CostEstimate.of(StackConfig.defaults(), "us-east-1", STANDARD_SUPPORT)
                .hourly();
        StackConfig c = StackConfigLoader.parse("loadBalancer: {accessLogs: true, waf: true}", "s");
        CostEstimate e = CostEstimate.of(c, "us-east-1", STANDARD_SUPPORT);
        // WAF: $5 a web ACL and $1 a rule (three managed groups) a month, $0.60 per million requests (1 M assumed)
        double waf = (5.00 + 3 * 1.00 + 0.60) / 730;
        // logs: 1 M requests x 100 bytes = 0.1 GB a month, kept 90 days = 0.3 GB at $0.023/GB-month;
        // 2 ALB nodes x 12 files an hour at $0.005 per 1,000 PUTs
        double logs = 0.3 * 0.023 / 730 + 24 * 0.005 / 1000;
        assertThat(e.hourly() - base).isCloseTo(waf + logs, within(1e-9));
        assertThat(e.render())
                .contains("WAF web ACL ($5/month)")
                .contains("3 x WAF rule: AWS managed rule group ($1/month)")
                .contains("WAF requests (assumed 1 M/month, $0.60 per million)")
                .contains("ALB access logs in S3 (assumed 1 M requests/month, 0.3 GB kept 90 days)");
        // about $8.60 a month for the WAF, cents for the logs
        assertThat((e.hourly() - base) * 730).isCloseTo(8.60 + 0.0069 + 0.0876, within(0.001));
    }

    @Test
    void aMixedGroupIsPricedAtItsDearestTypeAndSpotIsSaidToBePricedOnDemand() {
        StackConfig allOnDemand =
                StackConfigLoader.parse("autoScaling: {desired: 2, instanceTypes: [t3.micro, t3.small]}", "s");
        CostEstimate e = CostEstimate.of(allOnDemand, "us-east-1", STANDARD_SUPPORT);
        assertThat(e.lines())
                .filteredOn(l -> l.what().startsWith("EC2 "))
                .singleElement()
                .satisfies(l -> {
                    assertThat(l.count()).isEqualTo(2);
                    assertThat(l.what()).startsWith("EC2 t3.small (dearest of 2 types");
                    assertThat(l.unitHourly()).isEqualTo(0.0208);
                });
        assertThat(e.render()).doesNotContain("Spot");

        StackConfig spot = StackConfigLoader.parse(
                "autoScaling: {desired: 2, instanceTypes: [t3.micro, t3.small], onDemandBaseCapacity: 1,"
                        + " onDemandPercentageAboveBase: 25}",
                "s");
        CostEstimate withSpot = CostEstimate.of(spot, "us-east-1", STANDARD_SUPPORT);
        assertThat(withSpot.hourly())
                .as("an upper bound: the same as all on-demand")
                .isEqualTo(e.hourly());
        assertThat(withSpot.render())
                .contains("Spot: beyond the first 1 instance(s), 75% of the group may run as Spot")
                .contains("priced above at on-demand: an upper bound");
    }

    @Test
    void enhancedMonitoringIsPricedAsCloudWatchLogsIngestionByItsInterval() {
        double base = CostEstimate.of(StackConfig.defaults(), "us-east-1", STANDARD_SUPPORT)
                .hourly();
        CostEstimate every60 = CostEstimate.of(
                StackConfigLoader.parse("database: {monitoringIntervalSeconds: 60}", "s"),
                "us-east-1",
                STANDARD_SUPPORT);
        // 60 samples an hour of 4 KB at $0.50 per GB ingested: cents a month
        double perHour60 = 60 * 4 / (1024.0 * 1024.0) * 0.50;
        assertThat(every60.hourly() - base).isCloseTo(perHour60, within(1e-12));
        assertThat(line(every60, "RDS Enhanced Monitoring").what())
                .isEqualTo("RDS Enhanced Monitoring every 60 s (assumed 4 KB a sample, $0.50/GB ingested)");
        assertThat(perHour60 * 730).isCloseTo(0.08, within(0.005));
        // every second: sixty times as much, about $5 a month; Multi-AZ does not double it (the primary reports)
        CostEstimate every1 = CostEstimate.of(
                StackConfigLoader.parse("database: {monitoringIntervalSeconds: 1, multiAz: true}", "s"),
                "us-east-1",
                STANDARD_SUPPORT);
        assertThat(line(every1, "RDS Enhanced Monitoring").hourly() * 730).isCloseTo(5.01, within(0.01));
        assertThat(line(every1, "RDS Enhanced Monitoring").count()).isEqualTo(1);
    }

    @Test
    void deletionProtectionIsFreeAndSaysSo() {
        double base = CostEstimate.of(StackConfig.defaults(), "us-east-1", STANDARD_SUPPORT)
                .hourly();
        CostEstimate both = CostEstimate.of(
                StackConfigLoader.parse(
                        "database: {deletionProtection: true}\nloadBalancer: {deletionProtection: true}", "s"),
                "us-east-1",
                STANDARD_SUPPORT);
        assertThat(both.hourly()).isCloseTo(base, within(1e-12));
        assertThat(both.render()).contains("Deletion protection (ALB, database): no charge.");
        CostEstimate dbOnly = CostEstimate.of(
                StackConfigLoader.parse("database: {deletionProtection: true}", "s"), "us-east-1", STANDARD_SUPPORT);
        assertThat(dbOnly.render()).contains("Deletion protection (database): no charge.");
    }

    @Test
    void bothOffAddNothing() {
        assertThat(CostEstimate.of(StackConfig.defaults(), "us-east-1", STANDARD_SUPPORT)
                        .render())
                .doesNotContain("Client VPN")
                .doesNotContain("WAF")
                .doesNotContain("access logs")
                .doesNotContain("Enhanced Monitoring")
                .doesNotContain("Deletion protection")
                .doesNotContain("private-ec2");
    }
}

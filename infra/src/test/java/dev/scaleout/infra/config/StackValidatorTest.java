package dev.scaleout.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scaleout.support.ExitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule: a config with one mistake fails with exit 2 and one line that starts with the key. */
class StackValidatorTest {

    static final String REGION = "eu-west-1";

    @Test
    void theDefaultsAreValid() {
        assertThatCode(() -> StackValidator.validate(StackConfig.defaults(), REGION))
                .doesNotThrowAnyException();
        assertThatCode(() -> StackValidator.validate(StackConfig.defaults(), "ap-northeast-2"))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // yaml                                                             | key named                       |
                // words of the fix
                "stack: Demo_1                                                      | stack:                          | lower-case",
                "prefix: my-very-long-prefix-xyz                                    | prefix:                         | at most 16",
                "project: ''                                                        | project:                        | lower-case",
                "region: mars-1                                                     | region:                         | eu-west-1",
                "region: us-eats-1                                                  | region:                         | eu-west-1",
                "rollout: {minHealthyPercent: 120}                                  | rollout.minHealthyPercent:      | 0 to 100",
                "rollout: {checkpointPercentages: [50]}                             | rollout.checkpointPercentages:  | end the list with 100",
                "rollout: {checkpointPercentages: [60, 50, 100]}                    | rollout.checkpointPercentages:  | e.g. [50, 100]",
                "rollout: {autoRollback: false, rollbackAlarms: [a]}                | rollout.rollbackAlarms:         | autoRollback: true",
                "rollout: {minHealthyPercent: 50, maxHealthyPercent: 200}           | rollout.maxHealthyPercent:      | lower maxHealthyPercent",
                "rollout: {keepVersions: 0}                                         | rollout.keepVersions:           | 1 to 1000",
                "network: {vpcCidr: 10.1.0.0/33}                                    | network.vpcCidr:                | 10.1.0.0/16",
                "network: {vpcCidr: 10.1.0.1/16}                                    | network.vpcCidr:                | use 10.1.0.0/16",
                "network: {vpcCidr: 10.0.0.0/8}                                     | network.vpcCidr:                | /16 to /28",
                "network: {publicSubnetCidrs: [10.2.1.0/24, 10.1.2.0/24]}           | network.publicSubnetCidrs[0]:   | outside the VPC",
                "network: {appSubnetCidrs: [10.1.1.0/24, 10.1.12.0/24]}             | network.appSubnetCidrs[0]:      | overlaps network.publicSubnetCidrs[0]",
                "network: {dbSubnetCidrs: [10.1.21.0/24, 10.1.21.128/25]}           | network.dbSubnetCidrs[1]:       | overlaps",
                "network: {dbSubnetCidrs: [10.1.21.0/24]}                           | network.dbSubnetCidrs:          | one CIDR per zone",
                "network: {availabilityZones: [a, z]}                               | network.availabilityZones:      | letter a-f",
                "network: {availabilityZones: [a, us-east-1c]}                      | network.availabilityZones:      | eu-west-1a",
                "network: {availabilityZones: [a, eu-west-1a]}                      | network.availabilityZones:      | listed twice",
                "network: {availabilityZones: [a], publicSubnetCidrs: [10.1.1.0/24]} | network.availabilityZones:     | at least two",
                "vpn: {enabled: true, clientCidr: 172.16.0.0/24}                    | vpn.clientCidr:                 | /12 to /22",
                "vpn: {enabled: true, clientCidr: 10.0.0.0/8}                       | vpn.clientCidr:                 | /12 to /22",
                "vpn: {enabled: true, clientCidr: 10.1.0.0/22}                      | vpn.clientCidr:                 | outside network.vpcCidr",
                "vpn: {enabled: true, clientCidr: 10.0.0.0/12}                      | vpn.clientCidr:                 | outside network.vpcCidr",
                "vpn: {enabled: true, clientCidr: 172.16.0.1/22}                    | vpn.clientCidr:                 | use 172.16.0.0/22",
                "vpn: {enabled: true, clientCidr: null}                             | vpn.clientCidr:                 | e.g. 172.16.0.0/22",
                "{peering: {enabled: true, vpcCidr: 172.16.0.0/24}, vpn: {enabled: true}} | vpn.clientCidr:          | outside both VPCs",
                "vpn: {clientCidr: 172.16}                                          | vpn.clientCidr:                 | e.g. 10.1.0.0/16",
                "security: {adminCidr: 0.0.0.0/0}                                   | security.adminCidr:             | your own address",
                "security: {adminCidr: '::/0'}                                      | security.adminCidr:             | your own address",
                "security: {adminCidr: 203.0.113.7}                                 | security.adminCidr:             | 10.1.0.0/16",
                "autoScaling: {min: 4}                                              | autoScaling.min:                | min <= max",
                "autoScaling: {desired: 5}                                          | autoScaling.desired:            | between min and max",
                "autoScaling: {min: 2, desired: 1}                                  | autoScaling.desired:            | between min and max",
                "autoScaling: {max: 0, min: 0, desired: 0}                          | autoScaling.max:                | 1 or more",
                "autoScaling: {targetCpuPercent: 150}                               | autoScaling.targetCpuPercent:   | e.g. 70",
                "autoScaling: {cpuMetric: fast}                                     | autoScaling.cpuMetric:          | --cloudwatch-agent",
                "autoScaling: {instanceTypes: [t3.micro]}                           | autoScaling.instanceTypes:      | add another type",
                "autoScaling: {instanceTypes: [t3.micro, t3a.micro, t3.micro]}      | autoScaling.instanceTypes:      | list each type once",
                "autoScaling: {instanceTypes: [t3.micro, T3 Micro]}                 | autoScaling.instanceTypes[1]:   | e.g. t3.micro",
                "autoScaling: {instanceTypes: [t3.micro, t3a.micro], onDemandPercentageAboveBase: 101} | autoScaling.onDemandPercentageAboveBase: | 0 to 100",
                "autoScaling: {instanceTypes: [t3.micro, t3a.micro], onDemandBaseCapacity: 4} | autoScaling.onDemandBaseCapacity: | 0 to 3",
                "autoScaling: {instanceTypes: [t3.micro, t3a.micro], onDemandBaseCapacity: -1} | autoScaling.onDemandBaseCapacity: | 0 to 3",
                "instances: {amiParameter: ''}                                      | instances.amiParameter:         | ami-builder",
                "instances: {amiParameter: null}                                    | instances.amiParameter:         | ami-builder",
                "instances: {amiId: image-1}                                        | instances.amiId:                | ami-0123456789abcdef0",
                "instances: {instanceType: huge}                                    | instances.instanceType:         | t3.micro",
                "instances: {rootVolumeGb: 4}                                       | instances.rootVolumeGb:         | 8 to",
                "dns: {domain: example.com}                                         | dns.hostedZoneId:               | list-hosted-zones",
                "dns: {hostedZoneId: Z0123456789ABC}                                | dns.domain:                     | example.com",
                "dns: {domain: Example..com, hostedZoneId: Z0123456789ABC}          | dns.domain:                     | lower case",
                "dns: {domain: example.com, hostedZoneId: zone-1}                   | dns.hostedZoneId:               | Z0123456789",
                "database: {engineVersion: '5.7'}                                   | database.engineVersion:         | 8.0",
                "database: {instanceClass: t3.micro}                                | database.instanceClass:         | db.t3.micro",
                "database: {allocatedStorageGb: 5}                                  | database.allocatedStorageGb:    | 20",
                "database: {masterUsername: root}                                   | database.masterUsername:        | not root",
                "database: {databaseName: 1fleet}                                   | database.databaseName:          | start with a letter",
                "loadBalancer: {healthCheckPath: index.php}                         | loadBalancer.healthCheckPath:   | /ec2meta",
                "peering: {region: tokyo}                                           | peering.region:                 | ap-northeast-1",
                "peering: {enabled: true, region: eu-west-1}                        | peering.region:                 | pick another region",
                "peering: {enabled: true, vpcCidr: 10.1.128.0/24}                   | peering.vpcCidr:                 | outside it",
                "peering: {enabled: true, vpcCidr: 10.0.0.0/8}                      | peering.vpcCidr:                 | /16 to /28",
                "peering: {enabled: true, vpcCidr: 192.168.10.1/24}                 | peering.vpcCidr:                 | use 192.168.10.0/24",
                "peering: {enabled: true, vpcCidr: 192.168.10.0}                    | peering.vpcCidr:                 | 10.1.0.0/16",
                "loadBalancer: {healthCheckTimeoutSeconds: 5}                       | loadBalancer.healthCheckTimeoutSeconds: | less than",
                "loadBalancer: {healthyThreshold: 1}                                | loadBalancer.healthyThreshold:  | 2 to 10",
                "loadBalancer: {deregistrationDelaySeconds: -1}                     | loadBalancer.deregistrationDelaySeconds: | 0 to 3600",
                "bastion: {enabled: true, instanceType: big}                        | bastion.instanceType:           | t3.micro",
                "loadBalancer: {accessLogs: true, accessLogsRetentionDays: 0}       | loadBalancer.accessLogsRetentionDays: | 1 to 3650",
                "database: {monitoringIntervalSeconds: 2}                           | database.monitoringIntervalSeconds: | 1, 5, 10, 15, 30, 60",
                "database: {monitoringIntervalSeconds: -1}                          | database.monitoringIntervalSeconds: | or 0 for no Enhanced Monitoring",
                "database: {monitoringIntervalSeconds: 120}                         | database.monitoringIntervalSeconds: | use one of",
                "loadBalancer: {waf: true, wafManagedRuleGroups: []}                | loadBalancer.wafManagedRuleGroups: | or set loadBalancer.waf: false",
                "loadBalancer: {waf: true, wafManagedRuleGroups: [AWSManagedRulesBotControlRuleSet]} | loadBalancer.wafManagedRuleGroups: | use some of AWSManagedRulesAdminProtectionRuleSet",
                "loadBalancer: {waf: true, wafManagedRuleGroups: [AWSManagedRulesSQLiRuleSet, AWSManagedRulesSQLiRuleSet]} | loadBalancer.wafManagedRuleGroups: | list each rule group once",
                "loadBalancer: {waf: true, wafManagedRuleGroups: [AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesSQLiRuleSet, AWSManagedRulesLinuxRuleSet, AWSManagedRulesWindowsRuleSet, AWSManagedRulesAdminProtectionRuleSet]} | loadBalancer.wafManagedRuleGroups: | drop a group",
            })
    void aBrokenRuleNamesItsKeyAndTheFix(String yaml, String key, String fix) {
        StackConfig config = StackConfigLoader.parse(yaml, "stack.yaml");
        ExitException e = catchThrowableOfType(ExitException.class, () -> StackValidator.validate(config, REGION));
        assertThat(e).as(yaml).isNotNull();
        assertThat(e.code()).isEqualTo(ExitException.USER_ERROR);
        assertThat(e.getMessage()).startsWith(key).contains(fix).doesNotContain("\n");
    }

    @Test
    void fullZoneNamesOfTheRegionAndAnAdminAddressAreAccepted() {
        StackConfig config = StackConfigLoader.parse(
                "network: {availabilityZones: [eu-west-1a, eu-west-1b]}\nsecurity: {adminCidr: 203.0.113.7/32}", "s");
        assertThatCode(() -> StackValidator.validate(config, REGION)).doesNotThrowAnyException();
        assertThat(config.withRegion(REGION).zones()).containsExactly("eu-west-1a", "eu-west-1b");
    }

    @Test
    void theCoursesPeeringIsValidAndOnlyTheRegionIsCheckedWhileItIsOff() {
        assertThatCode(() -> StackValidator.validate(
                        StackConfigLoader.parse("peering: {enabled: true}", "t.yaml"), "ap-northeast-2"))
                .doesNotThrowAnyException();
        // Off: a CIDR that would overlap is not used, so it is not an error.
        assertThatCode(() -> StackValidator.validate(
                        StackConfigLoader.parse("peering: {vpcCidr: 10.1.0.0/16}", "t.yaml"), REGION))
                .doesNotThrowAnyException();
    }

    @Test
    void theProductionOptionsAreCheckedOnlyWhenOn() {
        // off: a retention or a rule group that would be refused is not used, so it is not an error
        assertThatCode(() -> StackValidator.validate(
                        StackConfigLoader.parse(
                                "loadBalancer: {accessLogsRetentionDays: 0, wafManagedRuleGroups: [Nope]}", "t.yaml"),
                        REGION))
                .doesNotThrowAnyException();
        assertThatCode(() -> StackValidator.validate(
                        StackConfigLoader.parse("loadBalancer: {accessLogs: true, waf: true}", "t.yaml"), REGION))
                .doesNotThrowAnyException();
    }

    @Test
    void instanceTypesUpToAwsLimitAreValidAndTheTemplatesOwnTypeMissingFromThemIsAWarning() {
        StackConfig mixed = StackConfigLoader.parse(
                "autoScaling: {instanceTypes: [t3.micro, t3a.micro, t2.micro], onDemandBaseCapacity: 1,"
                        + " onDemandPercentageAboveBase: 0}",
                "t.yaml");
        assertThatCode(() -> StackValidator.validate(mixed, REGION)).doesNotThrowAnyException();
        assertThat(StackValidator.warnings(mixed)).isEmpty();
        assertThat(StackValidator.warnings(StackConfig.defaults())).isEmpty();

        StackConfig without = StackConfigLoader.parse("autoScaling: {instanceTypes: [t3a.micro, t2.micro]}", "t.yaml");
        assertThatCode(() -> StackValidator.validate(without, REGION)).doesNotThrowAnyException();
        assertThat(StackValidator.warnings(without))
                .singleElement()
                .asString()
                .startsWith("autoScaling.instanceTypes")
                .contains("instances.instanceType (t3.micro)", "never launches it");

        StackConfig unused = StackConfigLoader.parse("autoScaling: {onDemandPercentageAboveBase: 150}", "t.yaml");
        assertThatCode(() -> StackValidator.validate(unused, REGION))
                .as("not used without types, so not an error")
                .doesNotThrowAnyException();
        assertThat(StackValidator.warnings(unused))
                .singleElement()
                .asString()
                .contains("apply only with autoScaling.instanceTypes");

        java.util.List<String> many = java.util.stream.IntStream.rangeClosed(1, 41)
                .mapToObj(i -> "m" + i + ".large")
                .toList();
        StackConfig tooMany = StackConfig.defaults()
                .withAutoScaling(StackConfig.defaults().autoScaling().withInstanceTypes(many, 0, 100));
        assertThat(catchThrowableOfType(ExitException.class, () -> StackValidator.validate(tooMany, REGION))
                        .getMessage())
                .startsWith("autoScaling.instanceTypes: names 41 types; AWS takes at most 40");
        StackConfig forty = StackConfig.defaults()
                .withAutoScaling(StackConfig.defaults().autoScaling().withInstanceTypes(many.subList(0, 40), 0, 100));
        assertThatCode(() -> StackValidator.validate(forty, REGION)).doesNotThrowAnyException();
    }

    @Test
    void everyEnhancedMonitoringIntervalRdsOffersAndBothDeletionProtectionsAreAccepted() {
        for (int seconds : new int[] {0, 1, 5, 10, 15, 30, 60}) {
            StackConfig c = StackConfigLoader.parse(
                    "database: {monitoringIntervalSeconds: " + seconds + ", deletionProtection: true}\n"
                            + "loadBalancer: {deletionProtection: true}",
                    "t.yaml");
            assertThat(c.database().monitoringIntervalSeconds()).isEqualTo(seconds);
            assertThat(c.database().deletionProtection()).isTrue();
            assertThat(c.loadBalancer().deletionProtection()).isTrue();
            assertThatCode(() -> StackValidator.validate(c, REGION)).doesNotThrowAnyException();
        }
        // off in the demo kit: nothing to pay for, nothing in the way of destroy
        assertThat(StackConfig.defaults().database().monitoringIntervalSeconds())
                .isZero();
        assertThat(StackConfig.defaults().database().deletionProtection()).isFalse();
        assertThat(StackConfig.defaults().loadBalancer().deletionProtection()).isFalse();
    }

    @Test
    void cidrArithmetic() {
        Cidr vpc = Cidr.parse("10.1.0.0/16").orElseThrow();
        assertThat(vpc.contains(Cidr.parse("10.1.255.0/24").orElseThrow())).isTrue();
        assertThat(vpc.contains(Cidr.parse("10.2.0.0/24").orElseThrow())).isFalse();
        assertThat(Cidr.parse("10.1.0.0/25")
                        .orElseThrow()
                        .overlaps(Cidr.parse("10.1.0.128/25").orElseThrow()))
                .isFalse();
        assertThat(Cidr.parse("300.1.0.0/16")).isEmpty();
        assertThat(Cidr.parse("10.1.0.9/16").orElseThrow().canonical()).isEqualTo("10.1.0.0/16");
    }
}

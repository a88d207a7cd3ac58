package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one list of types: its order, the check on it, and the specs assembled from it. */
class StackTypesTest {

    @Test
    void theCreationOrderIsTheListsOrder() {
        assertThat(StackTypes.words())
                .containsExactly(
                        "vpc",
                        "internet-gateway",
                        "subnet",
                        "elastic-ip",
                        "nat-gateway",
                        "peer-vpc",
                        "vpc-peering",
                        "route-table",
                        "security-group",
                        "iam-role",
                        "log-group",
                        "flow-log",
                        "log-bucket",
                        "db-subnet-group",
                        "db-parameter-group",
                        "rds-monitoring-role",
                        "db-instance",
                        "certificate",
                        "target-group",
                        "load-balancer",
                        "web-acl",
                        "dns-record",
                        "instance",
                        "launch-template",
                        "auto-scaling-group",
                        "peer-subnet",
                        "peer-route-table",
                        "peer-security-group",
                        "peer-instance",
                        "vpn-certificate",
                        "vpn-endpoint");
    }

    @Test
    void aTypeThatRefersToALaterOneIsRefused() {
        Schema parent = Schema.of("parent");
        Schema child = Schema.of("child", Setting.reference("parent", "parent"));
        StackTypes.Entry first = new StackTypes.Entry(child, c -> null, c -> List.of());
        StackTypes.Entry second = new StackTypes.Entry(parent, c -> null, c -> List.of());
        assertThatThrownBy(() -> StackTypes.checked(List.of(first, second)))
                .hasMessage("child refers to parent, which is not created before it");
        assertThat(StackTypes.checked(List.of(second, first))).containsExactly(second, first);
        // A set whose items name resources of the type itself (a group's rule naming another group) is allowed.
        Schema group = Schema.of("group", Setting.set("ingress").mentions("group"));
        assertThat(StackTypes.checked(List.of(new StackTypes.Entry(group, c -> null, c -> List.of()))))
                .hasSize(1);
    }

    @Test
    void theSpecsComeTypeByTypeInCreationOrderAndReferOnlyToDeclaredTypes() {
        StackConfig d = TestStacks.config();
        // Everything on: bastion, a domain (certificate, record, HTTPS listener), a NAT per zone.
        StackConfig config = new StackConfig(
                d.project(),
                d.stack(),
                d.prefix(),
                d.region(),
                new StackConfig.Network(
                        d.network().vpcCidr(),
                        d.network().availabilityZones(),
                        d.network().publicSubnetCidrs(),
                        d.network().appSubnetCidrs(),
                        d.network().dbSubnetCidrs(),
                        true),
                d.security(),
                new StackConfig.Bastion(true, "t3.micro"),
                d.database().withMonitoringIntervalSeconds(60),
                d.loadBalancer(),
                new StackConfig.Dns("example.com", "Z123", "asg-ec2"),
                d.instances(),
                d.autoScaling(),
                d.rollout(),
                new StackConfig.Peering(true, "ap-northeast-1", "192.168.10.0/24", true));
        List<Spec> specs = StackSpecs.specs(config);
        List<String> order = StackTypes.words();
        List<Integer> ranks = specs.stream().map(s -> order.indexOf(s.type())).toList();
        assertThat(ranks).isSorted().doesNotContain(-1);
        assertThat(specs)
                .extracting(Spec::type)
                .contains(
                        "instance",
                        "certificate",
                        "dns-record",
                        "peer-vpc",
                        "vpc-peering",
                        "peer-instance",
                        "rds-monitoring-role");
        for (Spec s : specs) {
            s.settings().forEach((key, value) -> {
                for (String token : value.split("[,=\\s]+")) {
                    if (token.startsWith("@")) {
                        String type = token.substring(1, token.indexOf('/'));
                        assertThat(s.schema().setting(key).refersTo())
                                .as(s.key() + "." + key)
                                .contains(type);
                    }
                }
            });
        }
    }

    @Test
    void theCourseChapterThreeOptionsAddTheirSpecsOnlyWhenOn() {
        StackConfig d = TestStacks.config();
        StackConfig on = new StackConfig(
                d.project(),
                d.stack(),
                d.prefix(),
                d.region(),
                d.network(),
                d.security(),
                d.bastion(),
                d.database(),
                d.loadBalancer(),
                d.dns(),
                d.instances(),
                d.autoScaling(),
                d.rollout(),
                d.peering(),
                new StackConfig.PrivateInstance(true),
                new StackConfig.Vpn(true, "172.16.0.0/22"));
        List<String> keys = StackSpecs.specs(on).stream().map(Spec::key).toList();
        assertThat(keys)
                .contains(
                        "security-group/my-private-ec2-sg",
                        "security-group/my-vpn-sg",
                        "instance/my-private-ec2",
                        "vpn-certificate/my-vpn-server",
                        "vpn-endpoint/my-vpn");
        // the VPN's group before the private instance's, whose rule names it
        assertThat(keys.indexOf("security-group/my-vpn-sg"))
                .isLessThan(keys.indexOf("security-group/my-private-ec2-sg"));
        Spec endpoint = StackSpecs.specs(on).stream()
                .filter(s -> s.key().equals("vpn-endpoint/my-vpn"))
                .findFirst()
                .orElseThrow();
        assertThat(endpoint.settings())
                .containsEntry("subnets", "@subnet/my-private-subnet-app-a")
                .containsEntry("authorizedCidrs", "10.1.0.0/16")
                .containsEntry("clientCidr", "172.16.0.0/22")
                .containsEntry("splitTunnel", "true");
        assertThat(StackSpecs.specs(d))
                .extracting(Spec::key)
                .noneMatch(k -> k.contains("vpn") || k.contains("private-ec2"));
    }
}

package dev.scaleout.infra;

import dev.scaleout.infra.compute.AutoScalingGroupType;
import dev.scaleout.infra.compute.ComputeSpecs;
import dev.scaleout.infra.compute.LaunchTemplateType;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.database.DatabaseSpecs;
import dev.scaleout.infra.database.DbInstanceType;
import dev.scaleout.infra.database.DbParameterGroupType;
import dev.scaleout.infra.database.DbSubnetGroupType;
import dev.scaleout.infra.dns.CertificateType;
import dev.scaleout.infra.dns.DnsRecordType;
import dev.scaleout.infra.dns.DnsSpecs;
import dev.scaleout.infra.dns.ValidationRecords;
import dev.scaleout.infra.engine.InRegion;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.iam.IamSpecs;
import dev.scaleout.infra.iam.InstanceRoleType;
import dev.scaleout.infra.iam.RdsMonitoringRoleType;
import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import dev.scaleout.infra.loadbalancer.LoadBalancerType;
import dev.scaleout.infra.loadbalancer.TargetGroupType;
import dev.scaleout.infra.logs.AccessLogBucketType;
import dev.scaleout.infra.logs.AccessLogSpecs;
import dev.scaleout.infra.logs.FlowLogSpecs;
import dev.scaleout.infra.logs.LogGroupType;
import dev.scaleout.infra.network.ElasticIpType;
import dev.scaleout.infra.network.FlowLogType;
import dev.scaleout.infra.network.InternetGatewayType;
import dev.scaleout.infra.network.NatGatewayType;
import dev.scaleout.infra.network.NetworkSpecs;
import dev.scaleout.infra.network.RouteTableType;
import dev.scaleout.infra.network.SubnetType;
import dev.scaleout.infra.network.VpcType;
import dev.scaleout.infra.peering.PeerInstanceType;
import dev.scaleout.infra.peering.PeerTypes;
import dev.scaleout.infra.peering.PeeringConnectionType;
import dev.scaleout.infra.peering.PeeringSpecs;
import dev.scaleout.infra.security.BastionInstanceType;
import dev.scaleout.infra.security.SecurityGroupType;
import dev.scaleout.infra.security.SecuritySpecs;
import dev.scaleout.infra.vpn.ClientVpnEndpointType;
import dev.scaleout.infra.vpn.VpnCertificateType;
import dev.scaleout.infra.vpn.VpnSpecs;
import dev.scaleout.infra.waf.WafSpecs;
import dev.scaleout.infra.waf.WebAclType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Every resource type of the stack, one line each, in the order they are created (deletion
 * runs it backwards): the registry, the specs and the engine's order all come from this list.
 * A type may refer only to types before it (or, like security groups, to earlier ones of its
 * own), which is checked when the class loads. Sub-parts without tags of their own (routes,
 * associations, rules, listeners, the scaling policy, hooks) are settings of their parent.
 */
public final class StackTypes {

    /** A type's schema, how the run builds it from its clients, and its specs from the config. */
    record Entry(
            Schema schema, Function<Registry.Clients, ManagedType> make, Function<StackConfig, List<Spec>> specs) {}

    static final List<Entry> ORDER = checked(List.of(
            new Entry(VpcType.SCHEMA, c -> new VpcType(c.ec2(), c.retry()), NetworkSpecs::vpc),
            new Entry(
                    InternetGatewayType.SCHEMA,
                    c -> new InternetGatewayType(c.ec2(), c.retry()),
                    NetworkSpecs::internetGateway),
            new Entry(SubnetType.SCHEMA, c -> new SubnetType(c.ec2(), c.retry()), NetworkSpecs::subnets),
            new Entry(
                    ElasticIpType.SCHEMA,
                    c -> new ElasticIpType(c.ec2(), c.retry()),
                    config -> concat(NetworkSpecs.natAddresses(config), SecuritySpecs.bastionAddress(config))),
            new Entry(
                    NatGatewayType.SCHEMA,
                    c -> new NatGatewayType(c.ec2(), c.poll(), c.retry()),
                    NetworkSpecs::natGateways),
            new Entry(
                    PeerTypes.VPC,
                    c -> new InRegion(
                            PeerTypes.VPC,
                            new VpcType(c.peer().ec2(), c.retry()),
                            c.peer().region()),
                    PeeringSpecs::vpc),
            new Entry(
                    PeeringConnectionType.SCHEMA,
                    c -> new PeeringConnectionType(c.peer().ec2(), c.peer().region(), c.ec2(), c.poll(), c.progress()),
                    PeeringSpecs::peering),
            new Entry(RouteTableType.SCHEMA, c -> new RouteTableType(c.ec2(), c.retry()), NetworkSpecs::routeTables),
            new Entry(SecurityGroupType.SCHEMA, c -> new SecurityGroupType(c.ec2(), c.retry()), SecuritySpecs::groups),
            new Entry(
                    InstanceRoleType.SCHEMA,
                    c -> new InstanceRoleType(c.iam(), c.account(), c.retry()),
                    IamSpecs::specs),
            new Entry(LogGroupType.SCHEMA, c -> new LogGroupType(c.logs()), FlowLogSpecs::logGroup),
            new Entry(FlowLogType.SCHEMA, c -> new FlowLogType(c.ec2(), c.iam()), FlowLogSpecs::flowLog),
            new Entry(
                    AccessLogBucketType.SCHEMA,
                    c -> new AccessLogBucketType(c.s3(), c.tagging(), c.account(), c.retry()),
                    AccessLogSpecs::bucket),
            new Entry(DbSubnetGroupType.SCHEMA, c -> new DbSubnetGroupType(c.rds()), DatabaseSpecs::subnetGroup),
            new Entry(
                    DbParameterGroupType.SCHEMA,
                    c -> new DbParameterGroupType(c.rds(), c.progress()),
                    DatabaseSpecs::parameterGroup),
            new Entry(
                    RdsMonitoringRoleType.SCHEMA,
                    c -> new RdsMonitoringRoleType(c.iam(), c.account(), c.retry()),
                    DatabaseSpecs::monitoringRole),
            new Entry(DbInstanceType.SCHEMA, c -> new DbInstanceType(c.rds(), c.retry()), DatabaseSpecs::instance),
            new Entry(
                    CertificateType.SCHEMA,
                    c -> new CertificateType(
                            c.acm(), c.elbv2(), c.tagging(), new ValidationRecords(c.route53()), c.retry()),
                    DnsSpecs::certificate),
            new Entry(
                    TargetGroupType.SCHEMA,
                    c -> new TargetGroupType(c.elbv2(), c.autoscaling(), c.retry()),
                    LoadBalancerSpecs::targetGroups),
            new Entry(
                    LoadBalancerType.SCHEMA,
                    c -> new LoadBalancerType(c.elbv2(), c.retry()),
                    LoadBalancerSpecs::loadBalancer),
            new Entry(
                    WebAclType.SCHEMA,
                    c -> new WebAclType(
                            c.wafv2(), c.elbv2(), LoadBalancerSpecs.loadBalancerName(c.config()), c.retry()),
                    WafSpecs::webAcl),
            new Entry(
                    DnsRecordType.SCHEMA, c -> DnsRecordType.of(c.route53(), c.elbv2(), c.config()), DnsSpecs::record),
            new Entry(
                    BastionInstanceType.SCHEMA,
                    c -> new BastionInstanceType(c.ec2(), c.ssm(), c.poll(), c.progress(), c.retry()),
                    config -> concat(SecuritySpecs.bastion(config), SecuritySpecs.privateInstance(config))),
            new Entry(
                    LaunchTemplateType.SCHEMA,
                    c -> new LaunchTemplateType(c.ec2(), c.rds(), c.retry()),
                    ComputeSpecs::launchTemplate),
            new Entry(
                    AutoScalingGroupType.SCHEMA,
                    c -> new AutoScalingGroupType(c.autoscaling(), c.ec2(), c.retry()),
                    ComputeSpecs::group),
            new Entry(
                    PeerTypes.SUBNET,
                    c -> new InRegion(
                            PeerTypes.SUBNET,
                            new SubnetType(c.peer().ec2(), c.retry()),
                            c.peer().region()),
                    PeeringSpecs::subnet),
            new Entry(
                    PeerTypes.ROUTE_TABLE,
                    c -> new InRegion(
                            PeerTypes.ROUTE_TABLE,
                            new RouteTableType(c.peer().ec2(), c.retry()),
                            c.peer().region()),
                    PeeringSpecs::routeTable),
            new Entry(
                    PeerTypes.SECURITY_GROUP,
                    c -> new InRegion(
                            PeerTypes.SECURITY_GROUP,
                            new SecurityGroupType(c.peer().ec2(), c.retry()),
                            c.peer().region()),
                    PeeringSpecs::securityGroup),
            new Entry(
                    PeerInstanceType.SCHEMA,
                    c -> new PeerInstanceType(
                            c.peer().ec2(), c.peer().ssm(), c.peer().region(), c.poll()),
                    PeeringSpecs::instance),
            new Entry(
                    VpnCertificateType.SCHEMA,
                    c -> new VpnCertificateType(
                            c.acm(), c.tagging(), c.vpnFiles(), c.poll(), c.progress(), java.time.Clock.systemUTC()),
                    VpnSpecs::certificate),
            new Entry(
                    ClientVpnEndpointType.SCHEMA,
                    c -> new ClientVpnEndpointType(c.ec2(), c.tagging(), c.vpnFiles(), c.poll(), c.progress()),
                    VpnSpecs::endpoint)));

    private StackTypes() {}

    /** The type words in creation order. */
    public static List<String> words() {
        return ORDER.stream().map(e -> e.schema().type()).toList();
    }

    static List<Entry> checked(List<Entry> order) {
        Set<String> earlier = new HashSet<>();
        for (Entry e : order) {
            String type = e.schema().type();
            if (!earlier.add(type)) {
                throw new IllegalStateException("type " + type + " is listed twice");
            }
            for (String other : e.schema().refersTo()) {
                if (!earlier.contains(other)) {
                    throw new IllegalStateException(type + " refers to " + other + ", which is not created before it");
                }
            }
        }
        return order;
    }

    private static List<Spec> concat(List<Spec> a, List<Spec> b) {
        List<Spec> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

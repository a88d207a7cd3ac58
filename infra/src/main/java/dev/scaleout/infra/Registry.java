package dev.scaleout.infra;

import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.network.ElasticIpType;
import dev.scaleout.infra.network.InternetGatewayType;
import dev.scaleout.infra.network.NatGatewayType;
import dev.scaleout.infra.network.RouteTableType;
import dev.scaleout.infra.network.SubnetType;
import dev.scaleout.infra.network.VpcType;
import dev.scaleout.infra.security.BastionInstanceType;
import dev.scaleout.infra.security.SecurityGroupType;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.scaleout.infra.compute.AutoScalingGroupType;
import dev.scaleout.infra.compute.LaunchTemplateType;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.database.DbInstanceType;
import dev.scaleout.infra.dns.CertificateType;
import dev.scaleout.infra.dns.DnsRecordType;
import dev.scaleout.infra.dns.ValidationRecords;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.loadbalancer.LoadBalancerType;
import dev.scaleout.infra.loadbalancer.TargetGroupType;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.route53.Route53Client;
import dev.scaleout.infra.database.DbSubnetGroupType;
import dev.scaleout.infra.iam.InstanceRoleType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The one place that builds the run's AWS clients (one per service) and every
 * {@link ManagedType}, keyed by its type word.
 */
public final class Registry {

    private final Map<String, ManagedType> types = new LinkedHashMap<>();
    private final SsmClient ssm;
    private final ResourceGroupsTaggingApiClient tagging;
    private final Ec2Client ec2;
    private final ElasticLoadBalancingV2Client elbv2;

    public Registry(AwsClients clients, Progress progress, StackConfig config) {
        ec2 = clients.build(Ec2Client.builder());
        ssm = clients.build(SsmClient.builder());
        tagging = clients.build(ResourceGroupsTaggingApiClient.builder());
        elbv2 = clients.build(ElasticLoadBalancingV2Client.builder());
        // NAT gateways and RDS take minutes: poll every few seconds, no faster than every 15.
        Poll poll = Poll.real(Duration.ofSeconds(2), Duration.ofSeconds(15));
        add(new VpcType(ec2, progress));
        add(new InternetGatewayType(ec2, progress));
        add(new SubnetType(ec2, progress));
        add(new ElasticIpType(ec2, progress));
        add(new NatGatewayType(ec2, poll));
        add(new RouteTableType(ec2));
        add(new SecurityGroupType(ec2, progress));
        add(new BastionInstanceType(ec2, ssm, poll, progress));
        // The other resource types (iam, database, loadbalancer, dns, compute packages).
        IamClient iam = clients.build(IamClient.builder());
        RdsClient rds = clients.build(RdsClient.builder());
        add(new InstanceRoleType(iam));
        add(new DbSubnetGroupType(rds));
        add(new DbInstanceType(rds));
        AcmClient acm = clients.build(AcmClient.builder());
        Route53Client route53 = clients.build(Route53Client.builder());
        AutoScalingClient autoscaling = clients.build(AutoScalingClient.builder());
        add(new CertificateType(acm, elbv2, tagging, new ValidationRecords(route53)));
        add(new TargetGroupType(elbv2, autoscaling));
        add(new LoadBalancerType(elbv2));
        if (config != null) {
            add(DnsRecordType.of(route53, elbv2, config));
        }
        add(new LaunchTemplateType(ec2, rds));
        add(new AutoScalingGroupType(autoscaling, ec2));
    }

    private void add(ManagedType type) {
        types.put(type.type(), type);
    }

    public Map<String, ManagedType> types() {
        return types;
    }

    public SsmClient ssm() {
        return ssm;
    }

    public Ec2Client ec2() {
        return ec2;
    }

    /** The ALB's DNS name, read after an apply for the URL to print. */
    public java.util.Optional<String> loadBalancerDns(StackScope scope, String name) {
        return ((LoadBalancerType) types.get("load-balancer")).dnsName(scope, name);
    }

    public ResourceGroupsTaggingApiClient tagging() {
        return tagging;
    }
}

package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;

/** The whole stack: apply on an empty account, checked through describes; apply again; destroy. Against moto. */
@ExtendWith(MotoExtension.class)
class StackLifecycleIT {

    static MotoServer moto;

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
    }

    @BeforeEach
    void reset() {
        moto.reset();
    }

    @Test
    void applyBuildsTheNetworkAndSecurityGroupsAsConfigured() {
        AwsClients clients = moto.clients();
        StackRun run = TestStacks.run(TestStacks.config(), clients);
        TestStacks.apply(run);
        Ec2Client ec2 = clients.build(Ec2Client.builder());
        List<Filter> stack =
                List.of(Filter.builder().name("tag:Stack").values("demo").build());

        var vpcs = ec2.describeVpcs(r -> r.filters(stack)).vpcs();
        assertThat(vpcs).hasSize(1);
        String vpc = vpcs.get(0).vpcId();
        assertThat(vpcs.get(0).cidrBlock()).isEqualTo("10.1.0.0/16");
        assertThat(tags(vpcs.get(0).tags()))
                .containsEntry("Name", "my-vpc")
                .containsEntry("Project", "scaleout-kit")
                .containsEntry("Stack", "demo")
                .containsEntry("ManagedBy", "infra");
        assertThat(ec2.describeVpcAttribute(r -> r.vpcId(vpc).attribute(VpcAttributeName.ENABLE_DNS_HOSTNAMES))
                        .enableDnsHostnames()
                        .value())
                .isTrue();
        assertThat(ec2.describeVpcAttribute(r -> r.vpcId(vpc).attribute(VpcAttributeName.ENABLE_DNS_SUPPORT))
                        .enableDnsSupport()
                        .value())
                .isTrue();

        Map<String, Subnet> subnets = new TreeMap<>();
        ec2.describeSubnets(r -> r.filters(stack))
                .subnets()
                .forEach(s -> subnets.put(tags(s.tags()).get("Name"), s));
        assertThat(subnets)
                .containsOnlyKeys(
                        "my-public-subnet-a",
                        "my-public-subnet-c",
                        "my-private-subnet-app-a",
                        "my-private-subnet-app-c",
                        "my-db-subnet-a",
                        "my-db-subnet-c");
        assertThat(subnets.get("my-public-subnet-a").cidrBlock()).isEqualTo("10.1.1.0/24");
        assertThat(subnets.get("my-public-subnet-c").availabilityZone()).isEqualTo("eu-west-1c");
        assertThat(subnets.get("my-private-subnet-app-c").cidrBlock()).isEqualTo("10.1.12.0/24");
        assertThat(subnets.get("my-db-subnet-a").cidrBlock()).isEqualTo("10.1.21.0/24");
        subnets.forEach((name, s) -> {
            assertThat(s.vpcId()).isEqualTo(vpc);
            // None hands out public IPs at launch: the ALB, NAT and bastion (Elastic IP) need none.
            assertThat(s.mapPublicIpOnLaunch()).as(name).isFalse();
        });
        // The VPC's default security group (AWS makes it, it cannot be deleted) has no rules left.
        assertThat(ec2.describeSecurityGroups(r -> r.filters(
                                Filter.builder().name("vpc-id").values(vpc).build(),
                                Filter.builder()
                                        .name("group-name")
                                        .values("default")
                                        .build()))
                        .securityGroups())
                .singleElement()
                .satisfies(g -> {
                    assertThat(g.ipPermissions()).isEmpty();
                    assertThat(g.ipPermissionsEgress()).isEmpty();
                });
        // Flow logs of all its traffic into a log group kept 365 days, delivered by the flow-logs role.
        assertThat(ec2.describeFlowLogs(r -> r.filter(stack)).flowLogs())
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.resourceId()).isEqualTo(vpc);
                    assertThat(f.trafficTypeAsString()).isEqualTo("ALL");
                    assertThat(f.logGroupName()).isEqualTo("/scaleout-kit/demo/my-vpc-flow-logs");
                    assertThat(f.deliverLogsPermissionArn()).endsWith(":role/scaleout-kit/demo/my-flow-logs-role");
                });
        assertThat(clients.build(CloudWatchLogsClient.builder())
                        .describeLogGroups(r -> r.logGroupNamePrefix("/scaleout-kit/demo/"))
                        .logGroups())
                .singleElement()
                .satisfies(g -> assertThat(g.retentionInDays()).isEqualTo(365));
        var flowRole = clients.build(software.amazon.awssdk.services.iam.IamClient.builder())
                .getRole(r -> r.roleName("my-flow-logs-role"))
                .role();
        assertThat(java.net.URLDecoder.decode(
                        flowRole.assumeRolePolicyDocument(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("vpc-flow-logs.amazonaws.com")
                .contains("aws:SourceAccount");

        var igws = ec2.describeInternetGateways(r -> r.filters(stack)).internetGateways();
        assertThat(igws).hasSize(1);
        assertThat(igws.get(0).attachments())
                .singleElement()
                .satisfies(a -> assertThat(a.vpcId()).isEqualTo(vpc));

        var eips = ec2.describeAddresses(r -> r.filters(stack)).addresses();
        assertThat(eips)
                .singleElement()
                .satisfies(a -> assertThat(tags(a.tags())).containsEntry("Name", "my-nat-eip-a"));
        var nats = ec2.describeNatGateways().natGateways().stream()
                .filter(n -> tags(n.tags()).containsKey("Stack"))
                .toList();
        assertThat(nats).singleElement().satisfies(n -> {
            assertThat(n.subnetId()).isEqualTo(subnets.get("my-public-subnet-a").subnetId());
            assertThat(n.natGatewayAddresses().get(0).allocationId())
                    .isEqualTo(eips.get(0).allocationId());
            assertThat(n.stateAsString()).isEqualTo("available");
        });

        Map<String, RouteTable> tables = new TreeMap<>();
        ec2.describeRouteTables(r -> r.filters(stack))
                .routeTables()
                .forEach(t -> tables.put(tags(t.tags()).get("Name"), t));
        assertThat(tables).containsOnlyKeys("my-public-rt", "my-private-rt-a", "my-private-rt-c", "my-db-rt");
        assertThat(defaultRoute(tables.get("my-public-rt")))
                .isEqualTo(igws.get(0).internetGatewayId());
        assertThat(defaultRoute(tables.get("my-private-rt-a")))
                .isEqualTo(nats.get(0).natGatewayId());
        assertThat(defaultRoute(tables.get("my-private-rt-c")))
                .isEqualTo(nats.get(0).natGatewayId());
        assertThat(defaultRoute(tables.get("my-db-rt"))).isNull();
        assertThat(associated(tables.get("my-public-rt")))
                .containsExactlyInAnyOrder(
                        subnets.get("my-public-subnet-a").subnetId(),
                        subnets.get("my-public-subnet-c").subnetId());
        assertThat(associated(tables.get("my-private-rt-c")))
                .containsExactly(subnets.get("my-private-subnet-app-c").subnetId());
        assertThat(associated(tables.get("my-db-rt")))
                .containsExactlyInAnyOrder(
                        subnets.get("my-db-subnet-a").subnetId(),
                        subnets.get("my-db-subnet-c").subnetId());

        Map<String, SecurityGroup> groups = new TreeMap<>();
        ec2.describeSecurityGroups(r -> r.filters(stack)).securityGroups().forEach(g -> groups.put(g.groupName(), g));
        assertThat(groups).containsOnlyKeys("my-asg-alb-sg", "my-admin-sg", "my-asg-ec2-sg", "my-db-sg");
        String alb = groups.get("my-asg-alb-sg").groupId();
        String admin = groups.get("my-admin-sg").groupId();
        String app = groups.get("my-asg-ec2-sg").groupId();
        assertThat(rules(groups.get("my-asg-alb-sg"))).containsExactly("tcp:443:0.0.0.0/0", "tcp:80:0.0.0.0/0");
        assertThat(rules(groups.get("my-admin-sg"))).containsExactly("tcp:22:" + TestStacks.ADMIN_CIDR);
        assertThat(rules(groups.get("my-asg-ec2-sg")))
                .containsExactlyInAnyOrder("tcp:80:" + alb, "tcp:8080:" + alb, "tcp:22:" + admin);
        assertThat(rules(groups.get("my-db-sg"))).containsExactlyInAnyOrder("tcp:3306:" + app, "tcp:3306:" + admin);
        groups.values()
                .forEach(g -> assertThat(g.ipPermissionsEgress())
                        .singleElement()
                        .satisfies(e -> {
                            assertThat(e.ipProtocol()).isEqualTo("-1");
                            assertThat(e.ipRanges())
                                    .singleElement()
                                    .satisfies(r -> assertThat(r.cidrIp()).isEqualTo("0.0.0.0/0"));
                        }));
    }

    @Test
    void applyBuildsTheDatabaseLoadBalancerAndAutoScalingGroupAsConfigured() {
        AwsClients clients = moto.clients();
        TestStacks.apply(TestStacks.run(TestStacks.config(), clients));
        Ec2Client ec2 = clients.build(Ec2Client.builder());
        List<Filter> stack =
                List.of(Filter.builder().name("tag:Stack").values("demo").build());
        Map<String, String> subnetIds = new TreeMap<>();
        ec2.describeSubnets(r -> r.filters(stack))
                .subnets()
                .forEach(sn -> subnetIds.put(tags(sn.tags()).get("Name"), sn.subnetId()));
        Map<String, String> groupIds = new TreeMap<>();
        ec2.describeSecurityGroups(r -> r.filters(stack))
                .securityGroups()
                .forEach(g -> groupIds.put(g.groupName(), g.groupId()));

        RdsClient rds = clients.build(RdsClient.builder());
        DBInstance db = rds.describeDBInstances(r -> r.dbInstanceIdentifier("my-db"))
                .dbInstances()
                .get(0);
        assertThat(db.engine()).isEqualTo("mysql");
        assertThat(db.engineVersion()).startsWith("8.4");
        // TLS required by its parameter group; error and slow query logs to CloudWatch Logs; not "admin"
        assertThat(db.dbParameterGroups())
                .singleElement()
                .satisfies(g -> assertThat(g.dbParameterGroupName()).isEqualTo("my-db-mysql84"));
        assertThat(rds.describeDBParameters(
                                r -> r.dbParameterGroupName("my-db-mysql84").source("user"))
                        .parameters())
                .anySatisfy(p -> {
                    assertThat(p.parameterName()).isEqualTo("require_secure_transport");
                    assertThat(p.parameterValue()).isEqualTo("1");
                });
        assertThat(db.enabledCloudwatchLogsExports()).containsExactlyInAnyOrder("error", "slowquery");
        assertThat(db.masterUsername()).isEqualTo("fleetadmin");
        assertThat(db.dbInstanceClass()).isEqualTo("db.t3.micro");
        assertThat(db.multiAZ()).isFalse();
        assertThat(db.storageEncrypted()).isTrue();
        assertThat(db.publiclyAccessible()).isFalse();
        assertThat(db.masterUserSecret()).isNotNull();
        assertThat(db.vpcSecurityGroups())
                .singleElement()
                .satisfies(g -> assertThat(g.vpcSecurityGroupId()).isEqualTo(groupIds.get("my-db-sg")));
        assertThat(db.dbSubnetGroup().subnets())
                .extracting(sn -> sn.subnetIdentifier())
                .containsExactlyInAnyOrder(subnetIds.get("my-db-subnet-a"), subnetIds.get("my-db-subnet-c"));

        ElasticLoadBalancingV2Client elb = clients.build(ElasticLoadBalancingV2Client.builder());
        LoadBalancer alb = elb.describeLoadBalancers(r -> r.names("my-asg-alb"))
                .loadBalancers()
                .get(0);
        assertThat(alb.schemeAsString()).isEqualTo("internet-facing");
        assertThat(alb.securityGroups()).containsExactly(groupIds.get("my-asg-alb-sg"));
        assertThat(alb.availabilityZones())
                .extracting(z -> z.subnetId())
                .containsExactlyInAnyOrder(subnetIds.get("my-public-subnet-a"), subnetIds.get("my-public-subnet-c"));
        TargetGroup tg = elb.describeTargetGroups(r -> r.names("my-asg-ec2-tg"))
                .targetGroups()
                .get(0);
        assertThat(tg.port()).isEqualTo(80);
        assertThat(tg.healthCheckPath()).isEqualTo("/ec2meta-webpage/index.php");
        assertThat(tg.healthCheckIntervalSeconds()).isEqualTo(5);
        assertThat(tg.healthCheckTimeoutSeconds()).isEqualTo(3);
        assertThat(tg.healthyThresholdCount()).isEqualTo(2);
        assertThat(elb.describeTargetGroupAttributes(r -> r.targetGroupArn(tg.targetGroupArn()))
                        .attributes())
                .anySatisfy(a -> {
                    assertThat(a.key()).isEqualTo("deregistration_delay.timeout_seconds");
                    assertThat(a.value()).isEqualTo("10");
                });
        var listeners = elb.describeListeners(r -> r.loadBalancerArn(alb.loadBalancerArn()))
                .listeners();
        assertThat(listeners).singleElement().satisfies(l -> {
            assertThat(l.port()).isEqualTo(80);
            assertThat(l.defaultActions().get(0).targetGroupArn()).isEqualTo(tg.targetGroupArn());
        });

        var lt = ec2.describeLaunchTemplateVersions(
                        r -> r.launchTemplateName("my-asg-lt").versions("$Default"))
                .launchTemplateVersions()
                .get(0)
                .launchTemplateData();
        assertThat(lt.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(lt.metadataOptions().httpPutResponseHopLimit()).isEqualTo(1);
        assertThat(lt.monitoring().enabled()).isTrue();
        assertThat(lt.instanceTypeAsString()).isEqualTo("t3.micro");
        assertThat(lt.securityGroupIds()).containsExactly(groupIds.get("my-asg-ec2-sg"));
        assertThat(lt.iamInstanceProfile().name()).isEqualTo("my-app-role");
        assertThat(lt.blockDeviceMappings().get(0).ebs().encrypted()).isTrue();
        assertThat(lt.blockDeviceMappings().get(0).ebs().volumeTypeAsString()).isEqualTo("gp3");
        String userData = new String(java.util.Base64.getDecoder().decode(lt.userData()));
        assertThat(userData)
                .contains(db.endpoint().address())
                .contains(db.masterUserSecret().secretArn())
                .contains("fleet")
                .doesNotContainIgnoringCase("password=");

        AutoScalingClient autoscaling = clients.build(AutoScalingClient.builder());
        AutoScalingGroup asg = autoscaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames("my-asg-ec2"))
                .autoScalingGroups()
                .get(0);
        assertThat(asg.minSize()).isEqualTo(1);
        assertThat(asg.desiredCapacity()).isEqualTo(1);
        assertThat(asg.maxSize()).isEqualTo(3);
        assertThat(asg.healthCheckType()).isEqualTo("ELB");
        assertThat(asg.healthCheckGracePeriod()).isEqualTo(60);
        assertThat(asg.targetGroupARNs()).containsExactly(tg.targetGroupArn());
        assertThat(List.of(asg.vpcZoneIdentifier().split(",")))
                .containsExactlyInAnyOrder(
                        subnetIds.get("my-private-subnet-app-a"), subnetIds.get("my-private-subnet-app-c"));
        assertThat(asg.enabledMetrics()).isNotEmpty();
        ScalingPolicy policy = autoscaling
                .describePolicies(r -> r.autoScalingGroupName("my-asg-ec2"))
                .scalingPolicies()
                .get(0);
        assertThat(policy.policyType()).isEqualTo("TargetTrackingScaling");
        assertThat(policy.targetTrackingConfiguration()
                        .predefinedMetricSpecification()
                        .predefinedMetricTypeAsString())
                .isEqualTo("ASGAverageCPUUtilization");
        assertThat(policy.targetTrackingConfiguration().targetValue()).isEqualTo(70.0);
    }

    @Test
    void aSecondApplyMakesNoMutatingCall() {
        TestStacks.apply(TestStacks.run(TestStacks.config(), moto.clients()));
        AwsClients clients = moto.clients(); // counts the second apply only

        StackRun again = TestStacks.run(TestStacks.config(), clients);
        var found = again.discover();
        Plan plan = again.plan(found);
        assertThat(plan.isEmpty())
                .as(dev.scaleout.infra.engine.PlanPrinter.render(plan))
                .isTrue();
        again.apply(plan, found);
        assertThat(clients.calls().mutating())
                .as(clients.calls().byOperation().toString())
                .isZero();
        // 40 before the security baseline, which reads 8 more: the default group's rules, the DB parameter
        // group with its tags and parameters, the ALB's attributes, the log group with its tags, the flow logs;
        // then 2 more: a peering still alive (DescribeVpcPeeringConnections), the VPN endpoint by tag (GetResources);
        // then 2 more for the production options: the log bucket by tag (GetResources), the web ACLs (ListWebACLs);
        // then 1: the account the flow-logs role's trust policy is limited to (GetCallerIdentity);
        // then 1 more: the Enhanced Monitoring role by its path (ListRoles).
        assertThat(clients.calls().reads())
                .as(clients.calls().byOperation().toString())
                .isLessThanOrEqualTo(54);
    }

    @Test
    void aChangedRuleIsAppliedByRevokingAndAuthorizingOnlyTheDifference() {
        AwsClients clients = moto.clients();
        TestStacks.apply(TestStacks.run(TestStacks.config(), clients));
        StackConfig d = TestStacks.config();
        StackConfig changed = new StackConfig(
                d.project(),
                d.stack(),
                d.prefix(),
                d.region(),
                d.network(),
                new StackConfig.Security("198.51.100.0/24"),
                d.bastion(),
                d.database(),
                d.loadBalancer(),
                d.dns(),
                d.instances(),
                d.autoScaling());
        AwsClients counting = moto.clients();
        StackRun run = TestStacks.run(changed, counting);
        TestStacks.apply(run);

        assertThat(counting.calls().byOperation())
                .containsEntry("Ec2:RevokeSecurityGroupIngress", 1)
                .containsEntry("Ec2:AuthorizeSecurityGroupIngress", 1);
        assertThat(counting.calls().mutating()).isEqualTo(2);
        Ec2Client ec2 = clients.build(Ec2Client.builder());
        SecurityGroup admin = ec2.describeSecurityGroups(r -> r.filters(Filter.builder()
                        .name("group-name")
                        .values("my-admin-sg")
                        .build()))
                .securityGroups()
                .get(0);
        assertThat(rules(admin)).containsExactly("tcp:22:198.51.100.0/24");
        assertThat(run.plan(run.discover()).isEmpty()).isTrue();
    }

    @Test
    void theBastionIsInPublicSubnetAWithItsAddressAndTheAdminGroupAndGoesWithTheStack() {
        AwsClients clients = moto.clients();
        StackConfig d = TestStacks.config();
        StackConfig withBastion = new StackConfig(
                d.project(),
                d.stack(),
                d.prefix(),
                d.region(),
                d.network(),
                d.security(),
                new StackConfig.Bastion(true, "t3.micro"),
                d.database(),
                d.loadBalancer(),
                d.dns(),
                d.instances(),
                d.autoScaling());
        StackRun run = TestStacks.run(withBastion, clients);
        TestStacks.apply(run);

        Ec2Client ec2 = clients.build(Ec2Client.builder());
        List<Filter> live = List.of(
                Filter.builder().name("tag:Name").values("my-bastion-host").build(),
                Filter.builder().name("instance-state-name").values("running").build());
        var bastion = ec2.describeInstances(r -> r.filters(live))
                .reservations()
                .get(0)
                .instances()
                .get(0);
        var subnetA = ec2.describeSubnets(r -> r.filters(Filter.builder()
                        .name("tag:Name")
                        .values("my-public-subnet-a")
                        .build()))
                .subnets()
                .get(0)
                .subnetId();
        assertThat(bastion.subnetId()).isEqualTo(subnetA);
        assertThat(bastion.securityGroups())
                .singleElement()
                .satisfies(g -> assertThat(g.groupName()).isEqualTo("my-admin-sg"));
        // its own role, SSM only: the internet-facing bastion cannot read the database's secret
        assertThat(bastion.iamInstanceProfile().arn()).endsWith("/my-bastion-role");
        assertThat(clients.build(software.amazon.awssdk.services.iam.IamClient.builder())
                        .listAttachedRolePolicies(r -> r.roleName("my-bastion-role"))
                        .attachedPolicies())
                .extracting(p -> p.policyName())
                .containsExactly("AmazonSSMManagedInstanceCore");
        assertThat(ec2.describeVolumes(r -> r.filters(Filter.builder()
                                .name("attachment.instance-id")
                                .values(bastion.instanceId())
                                .build()))
                        .volumes())
                .singleElement()
                .satisfies(v -> assertThat(v.encrypted()).isTrue());
        var eip = ec2.describeAddresses(r -> r.filters(Filter.builder()
                        .name("tag:Name")
                        .values("my-bastion-eip")
                        .build()))
                .addresses()
                .get(0);
        assertThat(eip.instanceId()).isEqualTo(bastion.instanceId());

        AwsClients counting = moto.clients();
        TestStacks.apply(TestStacks.run(withBastion, counting));
        assertThat(counting.calls().mutating())
                .as(counting.calls().byOperation().toString())
                .isZero();

        assertThat(run.destroy(run.discover())).isEmpty();
        assertThat(ec2.describeInstances(r -> r.filters(live)).reservations()).isEmpty();
        assertThat(ec2.describeAddresses().addresses()).isEmpty();
    }

    @Test
    void destroyLeavesNothingTaggedAndReleasesTheAddresses() {
        AwsClients clients = moto.clients();
        StackRun run = TestStacks.run(TestStacks.config(), clients);
        TestStacks.apply(run);

        List<String> left = run.destroy(run.discover());

        assertThat(left).isEmpty();
        Ec2Client ec2 = clients.build(Ec2Client.builder());
        assertThat(ec2.describeAddresses().addresses()).isEmpty();
        // In any service: what the tagging API still lists with the stack's tag is gone by its own describe.
        var tagging = clients.build(ResourceGroupsTaggingApiClient.builder());
        List<String> arns =
                tagging
                        .getResources(r -> r.tagFilters(f -> f.key("Stack").values("demo")))
                        .resourceTagMappingList()
                        .stream()
                        .map(m -> m.resourceARN())
                        .toList();
        assertThat(arns).allSatisfy(arn -> assertThat(arn).containsAnyOf(":instance/", ":natgateway/", ":volume/"));
        assertThat(ec2.describeVpcs(r -> r.filters(Filter.builder()
                                .name("tag:Stack")
                                .values("demo")
                                .build()))
                        .vpcs())
                .isEmpty();
        assertThat(ec2.describeInstances(r -> r.filters(
                                Filter.builder()
                                        .name("tag:Stack")
                                        .values("demo")
                                        .build(),
                                Filter.builder()
                                        .name("instance-state-name")
                                        .values("pending", "running", "stopping", "stopped")
                                        .build()))
                        .reservations())
                .isEmpty();
        assertThat(clients.build(RdsClient.builder()).describeDBInstances().dbInstances())
                .isEmpty();
        assertThat(clients.build(ElasticLoadBalancingV2Client.builder())
                        .describeLoadBalancers()
                        .loadBalancers())
                .isEmpty();
        assertThat(clients.build(ElasticLoadBalancingV2Client.builder())
                        .describeTargetGroups()
                        .targetGroups())
                .isEmpty();
        assertThat(clients.build(AutoScalingClient.builder())
                        .describeAutoScalingGroups()
                        .autoScalingGroups())
                .isEmpty();
        assertThat(ec2.describeLaunchTemplates().launchTemplates()).isEmpty();
        assertThat(ec2.describeFlowLogs().flowLogs()).isEmpty();
        assertThat(clients.build(CloudWatchLogsClient.builder())
                        .describeLogGroups(r -> r.logGroupNamePrefix("/scaleout-kit/demo/"))
                        .logGroups())
                .isEmpty();
        assertThat(clients.build(software.amazon.awssdk.services.iam.IamClient.builder())
                        .listRoles(r -> r.pathPrefix("/scaleout-kit/demo/"))
                        .roles())
                .isEmpty();
        assertThat(run.plan(run.discover()).count(dev.scaleout.infra.engine.Change.Action.CREATE))
                .isEqualTo(run.specs().size());
        // Safe to run again on an empty account.
        assertThat(run.destroy(run.discover())).isEmpty();
    }

    @Test
    void destroyNeitherDeletesNorCountsWhatAmiBuilderTaggedWithTheSameStack() {
        // ami-builder tags Stack with its prefix; a stack named like that prefix must not see its AMIs as leftovers.
        AwsClients clients = moto.clients();
        Ec2Client ec2 = clients.build(Ec2Client.builder());
        String snapshotVolume = ec2.createVolume(r -> r.availabilityZone("eu-west-1a")
                        .size(1)
                        .tagSpecifications(t -> t.resourceType("volume")
                                .tags(
                                        Tag.builder()
                                                .key("Project")
                                                .value("scaleout-kit")
                                                .build(),
                                        Tag.builder().key("Stack").value("demo").build(),
                                        Tag.builder()
                                                .key("ManagedBy")
                                                .value("ami-builder")
                                                .build())))
                .volumeId();
        StackRun run = TestStacks.run(TestStacks.config(), clients);
        TestStacks.apply(run);

        assertThat(run.destroy(run.discover())).isEmpty();
        assertThat(ec2.describeVolumes(r -> r.volumeIds(snapshotVolume)).volumes())
                .hasSize(1);
    }

    static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> out = new TreeMap<>();
        tags.forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    static String defaultRoute(RouteTable t) {
        return t.routes().stream()
                .filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()))
                .map(r -> r.natGatewayId() != null ? r.natGatewayId() : r.gatewayId())
                .findFirst()
                .orElse(null);
    }

    static List<String> associated(RouteTable t) {
        return t.associations().stream()
                .filter(a -> a.subnetId() != null)
                .map(a -> a.subnetId())
                .toList();
    }

    /** "tcp:80:0.0.0.0/0", "tcp:8080:sg-123": every ingress rule of the group, sorted. */
    static TreeSet<String> rules(SecurityGroup g) {
        TreeSet<String> out = new TreeSet<>();
        for (IpPermission p : g.ipPermissions()) {
            String head = p.ipProtocol() + ":"
                    + (p.fromPort().equals(p.toPort()) ? p.fromPort() : p.fromPort() + "-" + p.toPort()) + ":";
            p.ipRanges().forEach(r -> out.add(head + r.cidrIp()));
            p.userIdGroupPairs().forEach(u -> out.add(head + u.groupId()));
            p.ipv6Ranges().forEach(r -> out.add(head + r.cidrIpv6()));
        }
        return out;
    }
}

package dev.scaleout.infra.operate.demo;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.testing.MotoServer;
import java.util.List;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The parts of a deployed stack the demo reads, made in moto the way infra names them
 * (group my-asg-ec2 1/1/3 behind my-asg-alb, its target-tracking policy and high alarm), and
 * the moves AWS would make during a scale-out, made by hand (moto's policies are inert).
 */
final class MotoStack {

    static final String GROUP = "my-asg-ec2";
    static final String HIGH_ALARM = "TargetTracking-my-asg-ec2-AlarmHigh-5b2c";

    private final AwsClients clients;

    MotoStack(AwsClients clients) {
        this.clients = clients;
    }

    static StackConfig configWithTokenParameter(String parameter) {
        StackConfig d = StackConfig.defaults();
        StackConfig.Instances i = d.instances();
        return new StackConfig(
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
                new StackConfig.Instances(i.amiParameter(), i.amiId(), i.instanceType(), i.rootVolumeGb(), parameter),
                d.autoScaling());
    }

    /** Deploys the stack; {@code agentPolicy}: the policy tracks the CloudWatch agent's metric (fast mode). */
    void deploy(boolean agentPolicy) {
        try (Ec2Client ec2 = clients.build(Ec2Client.builder());
                ElasticLoadBalancingV2Client elb = clients.build(ElasticLoadBalancingV2Client.builder());
                AutoScalingClient asg = clients.build(AutoScalingClient.builder());
                CloudWatchClient cw = clients.build(CloudWatchClient.builder())) {
            String ami = MotoServer.IMAGES.get(0);
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.1.0.0/16")).vpc().vpcId();
            String subnetA = ec2.createSubnet(
                            r -> r.vpcId(vpc).cidrBlock("10.1.1.0/24").availabilityZone("eu-west-1a"))
                    .subnet()
                    .subnetId();
            String subnetC = ec2.createSubnet(
                            r -> r.vpcId(vpc).cidrBlock("10.1.2.0/24").availabilityZone("eu-west-1c"))
                    .subnet()
                    .subnetId();
            String tg = elb.createTargetGroup(r -> r.name("my-asg-ec2-tg")
                            .protocol("HTTP")
                            .port(80)
                            .vpcId(vpc)
                            .healthCheckPath("/ec2meta-webpage/index.php"))
                    .targetGroups()
                    .get(0)
                    .targetGroupArn();
            String alb = elb.createLoadBalancer(r -> r.name("my-asg-alb").subnets(subnetA, subnetC))
                    .loadBalancers()
                    .get(0)
                    .loadBalancerArn();
            elb.createListener(r -> r.loadBalancerArn(alb)
                    .protocol("HTTP")
                    .port(80)
                    .defaultActions(a -> a.type("forward").targetGroupArn(tg)));
            ec2.createLaunchTemplate(r -> r.launchTemplateName("my-asg-lt")
                    .launchTemplateData(d -> d.imageId(ami).instanceType("t3.micro")));
            asg.createAutoScalingGroup(r -> r.autoScalingGroupName(GROUP)
                    .minSize(1)
                    .desiredCapacity(1)
                    .maxSize(3)
                    .launchTemplate(lt -> lt.launchTemplateName("my-asg-lt").version("$Default"))
                    .vpcZoneIdentifier(subnetA + "," + subnetC)
                    .targetGroupARNs(tg)
                    .healthCheckType("ELB")
                    .healthCheckGracePeriod(60));
            asg.putScalingPolicy(r -> r.autoScalingGroupName(GROUP)
                    .policyName("my-asg-cpu")
                    .policyType("TargetTrackingScaling")
                    .targetTrackingConfiguration(t -> {
                        t.targetValue(70.0);
                        if (agentPolicy) {
                            t.customizedMetricSpecification(m -> m.namespace("CWAgent")
                                    .metricName("cpu_usage_active")
                                    .statistic("Average")
                                    .dimensions(
                                            x -> x.name("AutoScalingGroupName").value(GROUP)));
                        } else {
                            t.predefinedMetricSpecification(m -> m.predefinedMetricType("ASGAverageCPUUtilization"));
                        }
                    }));
            cw.putMetricAlarm(r -> r.alarmName(HIGH_ALARM)
                    .namespace("AWS/EC2")
                    .metricName("CPUUtilization")
                    .statistic(Statistic.AVERAGE)
                    .period(60)
                    .evaluationPeriods(3)
                    .threshold(70.0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
        }
    }

    void putToken(String parameter, String token) {
        try (SsmClient ssm = clients.build(SsmClient.builder())) {
            ssm.putParameter(
                    r -> r.name(parameter).type(ParameterType.SECURE_STRING).value(token));
        }
    }

    List<String> instanceIds() {
        try (AutoScalingClient asg = clients.build(AutoScalingClient.builder())) {
            return asg
                    .describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP))
                    .autoScalingGroups()
                    .get(0)
                    .instances()
                    .stream()
                    .map(Instance::instanceId)
                    .toList();
        }
    }

    /** What the policy does once its alarm fires: one more instance (moto makes it InService and healthy at once). */
    void scaleTo(int desired) {
        try (AutoScalingClient asg = clients.build(AutoScalingClient.builder())) {
            asg.setDesiredCapacity(r -> r.autoScalingGroupName(GROUP).desiredCapacity(desired));
        }
    }

    void alarm(StateValue state) {
        try (CloudWatchClient cw = clients.build(CloudWatchClient.builder())) {
            cw.setAlarmState(r -> r.alarmName(HIGH_ALARM).stateValue(state).stateReason("Threshold Crossed: test"));
        }
    }

    void putCpu(String namespace, String metric, java.time.Instant at, double percent) {
        try (CloudWatchClient cw = clients.build(CloudWatchClient.builder())) {
            cw.putMetricData(r -> r.namespace(namespace)
                    .metricData(d -> d.metricName(metric)
                            .dimensions(x -> x.name("AutoScalingGroupName").value(GROUP))
                            .timestamp(at)
                            .value(percent)
                            .unit("Percent")));
        }
    }
}

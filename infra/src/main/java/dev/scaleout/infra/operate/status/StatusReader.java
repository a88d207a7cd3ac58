package dev.scaleout.infra.operate.status;

import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import dev.scaleout.infra.operate.AlbDns;
import dev.scaleout.infra.operate.OperateNames;
import dev.scaleout.infra.operate.status.FleetStatus.ActivityStatus;
import dev.scaleout.infra.operate.status.FleetStatus.AlarmStatus;
import dev.scaleout.infra.operate.status.FleetStatus.CpuPoint;
import dev.scaleout.infra.operate.status.FleetStatus.InstanceStatus;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * Reads one {@link FleetStatus} with a fixed handful of batched calls, whatever the fleet's
 * size: the group, its instances in one DescribeInstances, each target group's health, the
 * ALB, the policy and its alarms, the last activities and the CPU window in one GetMetricData.
 * Build it once and read repeatedly (--watch): one client per service per run.
 */
public final class StatusReader implements AutoCloseable {

    static final int ACTIVITIES = 5;
    static final int CPU_MINUTES = 15;

    private final AutoScalingClient autoScaling;
    private final Ec2Client ec2;
    private final ElasticLoadBalancingV2Client elb;
    private final CloudWatchClient cloudWatch;
    private final Clock clock;
    private final String region;
    private final CpuMetric cpuMetric;

    public StatusReader(AwsClients clients, Clock clock, CpuMetric cpuMetric) {
        this.autoScaling = clients.build(AutoScalingClient.builder());
        this.ec2 = clients.build(Ec2Client.builder());
        this.elb = clients.build(ElasticLoadBalancingV2Client.builder());
        this.cloudWatch = clients.build(CloudWatchClient.builder());
        this.clock = clock;
        this.region = clients.region().id();
        this.cpuMetric = cpuMetric;
    }

    public FleetStatus read(OperateNames names) {
        Instant now = clock.instant();
        String groupName = names.autoScalingGroup();
        AutoScalingGroup group = describeGroup(groupName);
        List<String> ids = group.instances().stream().map(i -> i.instanceId()).toList();

        Map<String, Instance> ec2Instances = describeInstances(ids);
        Map<String, Map<String, String>> targetHealth = targetHealthByInstance(group.targetGroupARNs());
        List<InstanceStatus> instances = group.instances().stream()
                .map(i -> {
                    Instance described = ec2Instances.get(i.instanceId());
                    return new InstanceStatus(
                            i.instanceId(),
                            i.availabilityZone(),
                            i.lifecycleStateAsString(),
                            i.healthStatus(),
                            targetHealth.getOrDefault(i.instanceId(), Map.of()),
                            described == null ? null : described.imageId(),
                            described == null ? null : described.launchTime(),
                            i.launchTemplate() == null
                                    ? null
                                    : i.launchTemplate().version());
                })
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();

        Optional<String> dns = AlbDns.of(elb, names.loadBalancer()); // none: the screen says so, and shows the group
        String url = LoadBalancerSpecs.url(names.publicHostname(), dns.orElse(null));

        return new FleetStatus(
                now,
                groupName,
                url,
                dns.orElse(null),
                group.minSize(),
                group.desiredCapacity(),
                group.maxSize(),
                instances,
                cpu(groupName, now),
                alarms(names),
                activities(groupName));
    }

    private AutoScalingGroup describeGroup(String name) {
        List<AutoScalingGroup> groups = AwsCall.call(
                "DescribeAutoScalingGroups",
                name,
                () -> autoScaling
                        .describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))
                        .autoScalingGroups());
        if (groups.isEmpty()) {
            throw ExitException.userError("no Auto Scaling group '" + name + "' in " + region
                    + ": deploy the stack with 'infra apply', or fix 'prefix' / 'region' in the stack config");
        }
        return groups.get(0);
    }

    private Map<String, Instance> describeInstances(List<String> ids) {
        Map<String, Instance> byId = new HashMap<>();
        if (ids.isEmpty()) {
            return byId;
        }
        AwsCall.call("DescribeInstances", String.join(",", ids), () -> ec2.describeInstances(r -> r.instanceIds(ids)))
                .reservations()
                .forEach(res -> res.instances().forEach(i -> byId.put(i.instanceId(), i)));
        return byId;
    }

    /** instance id → (target group name → state), one DescribeTargetHealth per target group. */
    private Map<String, Map<String, String>> targetHealthByInstance(List<String> targetGroupArns) {
        Map<String, Map<String, String>> byInstance = new HashMap<>();
        for (String arn : targetGroupArns) {
            String name = targetGroupName(arn);
            List<TargetHealthDescription> targets = AwsCall.call(
                    "DescribeTargetHealth",
                    name,
                    () -> elb.describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions());
            for (TargetHealthDescription t : targets) {
                byInstance
                        .computeIfAbsent(t.target().id(), k -> new HashMap<>())
                        .put(name, t.targetHealth().stateAsString());
            }
        }
        return byInstance;
    }

    /** "arn:aws:elasticloadbalancing:...:targetgroup/my-asg-ec2-tg/0123abcd" → "my-asg-ec2-tg". */
    static String targetGroupName(String arn) {
        String[] parts = arn.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] : arn;
    }

    /** The window's minutes, oldest first, from one GetMetricData; minutes without data stay null. */
    private List<CpuPoint> cpu(String groupName, Instant now) {
        long periodSeconds = cpuMetric.period().toSeconds();
        Instant end = Instant.ofEpochSecond((now.getEpochSecond() / periodSeconds + 1) * periodSeconds);
        int points = (int) (Duration.ofMinutes(CPU_MINUTES).toSeconds() / periodSeconds);
        Instant start = end.minusSeconds(points * periodSeconds);
        GetMetricDataResponse response = AwsCall.call(
                "GetMetricData",
                cpuMetric.metricName() + " " + groupName,
                () -> cloudWatch.getMetricData(r -> r.startTime(start)
                        .endTime(end)
                        .metricDataQueries(q -> q.id("cpu")
                                .returnData(true)
                                .metricStat(s -> s.period((int) periodSeconds)
                                        .stat("Average")
                                        .metric(m -> m.namespace(cpuMetric.namespace())
                                                .metricName(cpuMetric.metricName())
                                                .dimensions(Dimension.builder()
                                                        .name("AutoScalingGroupName")
                                                        .value(groupName)
                                                        .build()))))));
        Double[] values = new Double[points];
        for (MetricDataResult result : response.metricDataResults()) {
            for (int i = 0; i < result.timestamps().size(); i++) {
                long index = Duration.between(start, result.timestamps().get(i)).toSeconds() / periodSeconds;
                if (index >= 0 && index < points) {
                    values[(int) index] = result.values().get(i);
                }
            }
        }
        List<CpuPoint> cpu = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            cpu.add(new CpuPoint(start.plusSeconds(i * periodSeconds), values[i]));
        }
        return cpu;
    }

    /**
     * The alarms the group's scaling policies list; when they list none (moto never does) the
     * alarms AWS names for target tracking on this group, found by their name prefix.
     */
    private List<AlarmStatus> alarms(OperateNames names) {
        String groupName = names.autoScalingGroup();
        List<ScalingPolicy> policies = AwsCall.call(
                "DescribePolicies",
                groupName,
                () -> autoScaling
                        .describePolicies(r -> r.autoScalingGroupName(groupName))
                        .scalingPolicies());
        Set<String> alarmNames = new LinkedHashSet<>();
        policies.forEach(p -> p.alarms().forEach(a -> alarmNames.add(a.alarmName())));
        List<MetricAlarm> alarms = alarmNames.isEmpty()
                ? AwsCall.call(
                        "DescribeAlarms",
                        names.targetTrackingAlarmPrefix() + "*",
                        () -> cloudWatch
                                .describeAlarms(r -> r.alarmNamePrefix(names.targetTrackingAlarmPrefix()))
                                .metricAlarms())
                : AwsCall.call(
                        "DescribeAlarms",
                        String.join(",", alarmNames),
                        () -> cloudWatch
                                .describeAlarms(r -> r.alarmNames(alarmNames))
                                .metricAlarms());
        return alarms.stream()
                .map(a -> new AlarmStatus(
                        a.alarmName(), a.stateValueAsString(), a.stateReason(), a.stateUpdatedTimestamp()))
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    private List<ActivityStatus> activities(String groupName) {
        return AwsCall.call(
                        "DescribeScalingActivities",
                        groupName,
                        () -> autoScaling.describeScalingActivities(
                                r -> r.autoScalingGroupName(groupName).maxRecords(ACTIVITIES)))
                .activities()
                .stream()
                .limit(ACTIVITIES)
                .map(a -> new ActivityStatus(
                        a.startTime(), a.endTime(), a.statusCodeAsString(), a.description(), a.cause()))
                .toList();
    }

    @Override
    public void close() {
        autoScaling.close();
        ec2.close();
        elb.close();
        cloudWatch.close();
    }
}

package dev.scaleout.infra.loadbalancer;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.network.VpcType;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/**
 * "target-group": where the ALB sends traffic, with its health check and deregistration
 * delay. Discovery: one paginated DescribeTargetGroups, tags 20 ARNs a DescribeTags call,
 * then the attributes of each of the stack's groups. Id: the ARN. Deleting one first takes
 * it off the ALB's listeners and the Auto Scaling groups that use it (a replace deletes it
 * before their updates move them to the new one).
 */
public final class TargetGroupType implements ManagedType {

    public static final String TYPE = "target-group";
    public static final Setting PROTOCOL = Setting.scalar("protocol").replaces();
    public static final Setting PORT = Setting.scalar("port").replaces();
    public static final Setting VPC = Setting.reference("vpc", VpcType.TYPE).replaces();
    public static final Setting TARGET_TYPE = Setting.scalar("targetType").replaces();
    public static final Setting HEALTH_CHECK_PROTOCOL = Setting.scalar("healthCheckProtocol");
    public static final Setting HEALTH_CHECK_PORT = Setting.scalar("healthCheckPort");
    public static final Setting HEALTH_CHECK_PATH = Setting.scalar("healthCheckPath");
    public static final Setting HEALTH_CHECK_INTERVAL_SECONDS = Setting.scalar("healthCheckIntervalSeconds");
    public static final Setting HEALTH_CHECK_TIMEOUT_SECONDS = Setting.scalar("healthCheckTimeoutSeconds");
    public static final Setting HEALTHY_THRESHOLD = Setting.scalar("healthyThreshold");
    public static final Setting UNHEALTHY_THRESHOLD = Setting.scalar("unhealthyThreshold");
    public static final Setting MATCHER = Setting.scalar("matcher");
    public static final Setting DEREGISTRATION_DELAY_SECONDS = Setting.scalar("deregistrationDelaySeconds");
    public static final Schema SCHEMA = Schema.of(
            TYPE,
            Setting.NAME,
            PROTOCOL,
            PORT,
            VPC,
            TARGET_TYPE,
            HEALTH_CHECK_PROTOCOL,
            HEALTH_CHECK_PORT,
            HEALTH_CHECK_PATH,
            HEALTH_CHECK_INTERVAL_SECONDS,
            HEALTH_CHECK_TIMEOUT_SECONDS,
            HEALTHY_THRESHOLD,
            UNHEALTHY_THRESHOLD,
            MATCHER,
            DEREGISTRATION_DELAY_SECONDS);

    static final String DELAY = "deregistration_delay.timeout_seconds";

    private final ElasticLoadBalancingV2Client elb;
    private final AutoScalingClient autoscaling;
    private final Retry retry;

    public TargetGroupType(ElasticLoadBalancingV2Client elb, AutoScalingClient autoscaling) {
        this(elb, autoscaling, Retry.real(Progress.toConsole()));
    }

    public TargetGroupType(ElasticLoadBalancingV2Client elb, AutoScalingClient autoscaling, Retry retry) {
        this.elb = elb;
        this.autoscaling = autoscaling;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<TargetGroup> all = AwsCall.call(
                "DescribeTargetGroups",
                "*",
                () -> elb.describeTargetGroupsPaginator(r -> {}).targetGroups().stream()
                        .toList());
        Map<String, Map<String, String>> ours = ElbTags.inStack(
                elb, all.stream().map(TargetGroup::targetGroupArn).toList(), scope);
        List<Actual> found = new ArrayList<>();
        for (TargetGroup tg : all) {
            Map<String, String> tags = ours.get(tg.targetGroupArn());
            if (tags != null) {
                found.add(Actual.of(
                        type(),
                        tags.getOrDefault("Name", tg.targetGroupName()),
                        tg.targetGroupArn(),
                        settings(tg, delay(tg.targetGroupArn())),
                        "active"));
            }
        }
        return found;
    }

    private String delay(String arn) {
        return AwsCall.call(
                "DescribeTargetGroupAttributes",
                arn,
                () -> elb.describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes().stream()
                        .filter(a -> DELAY.equals(a.key()))
                        .map(a -> a.value())
                        .findFirst()
                        .orElse("300"));
    }

    static Map<String, String> settings(TargetGroup tg, String delay) {
        Map<String, String> s = new TreeMap<>();
        s.put(PROTOCOL.key(), tg.protocolAsString());
        s.put(PORT.key(), String.valueOf(tg.port()));
        s.put(VPC.key(), tg.vpcId());
        s.put(TARGET_TYPE.key(), tg.targetTypeAsString());
        s.put(HEALTH_CHECK_PROTOCOL.key(), tg.healthCheckProtocolAsString());
        s.put(HEALTH_CHECK_PORT.key(), tg.healthCheckPort());
        s.put(HEALTH_CHECK_PATH.key(), tg.healthCheckPath());
        s.put(HEALTH_CHECK_INTERVAL_SECONDS.key(), String.valueOf(tg.healthCheckIntervalSeconds()));
        s.put(HEALTH_CHECK_TIMEOUT_SECONDS.key(), String.valueOf(tg.healthCheckTimeoutSeconds()));
        s.put(HEALTHY_THRESHOLD.key(), String.valueOf(tg.healthyThresholdCount()));
        s.put(UNHEALTHY_THRESHOLD.key(), String.valueOf(tg.unhealthyThresholdCount()));
        s.put(MATCHER.key(), tg.matcher() == null ? "" : tg.matcher().httpCode());
        s.put(DEREGISTRATION_DELAY_SECONDS.key(), delay);
        return s;
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String arn = AwsCall.call(
                "CreateTargetGroup",
                spec.name(),
                () -> elb.createTargetGroup(r -> r.name(spec.name())
                                .protocol(spec.setting(PROTOCOL))
                                .port(Integer.parseInt(spec.setting(PORT)))
                                .vpcId(refs.resolve(spec.setting(VPC)))
                                .targetType(spec.setting(TARGET_TYPE))
                                .healthCheckEnabled(true)
                                .healthCheckProtocol(spec.setting(HEALTH_CHECK_PROTOCOL))
                                .healthCheckPort(spec.setting(HEALTH_CHECK_PORT))
                                .healthCheckPath(spec.setting(HEALTH_CHECK_PATH))
                                .healthCheckIntervalSeconds(
                                        Integer.parseInt(spec.setting(HEALTH_CHECK_INTERVAL_SECONDS)))
                                .healthCheckTimeoutSeconds(Integer.parseInt(spec.setting(HEALTH_CHECK_TIMEOUT_SECONDS)))
                                .healthyThresholdCount(Integer.parseInt(spec.setting(HEALTHY_THRESHOLD)))
                                .unhealthyThresholdCount(Integer.parseInt(spec.setting(UNHEALTHY_THRESHOLD)))
                                .matcher(m -> m.httpCode(spec.setting(MATCHER)))
                                .tags(ElbTags.of(scope, spec.name())))
                        .targetGroups()
                        .get(0)
                        .targetGroupArn());
        setDelay(arn, spec);
        return arn;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        Map<String, String> have = actual.settings();
        boolean healthCheck = Stream.of(
                        HEALTH_CHECK_PROTOCOL,
                        HEALTH_CHECK_PORT,
                        HEALTH_CHECK_PATH,
                        HEALTH_CHECK_INTERVAL_SECONDS,
                        HEALTH_CHECK_TIMEOUT_SECONDS,
                        HEALTHY_THRESHOLD,
                        UNHEALTHY_THRESHOLD,
                        MATCHER)
                .anyMatch(s -> !spec.setting(s).equals(have.get(s.key())));
        if (healthCheck) {
            AwsCall.run(
                    "ModifyTargetGroup",
                    actual.id(),
                    () -> elb.modifyTargetGroup(r -> r.targetGroupArn(actual.id())
                            .healthCheckProtocol(spec.setting(HEALTH_CHECK_PROTOCOL))
                            .healthCheckPort(spec.setting(HEALTH_CHECK_PORT))
                            .healthCheckPath(spec.setting(HEALTH_CHECK_PATH))
                            .healthCheckIntervalSeconds(Integer.parseInt(spec.setting(HEALTH_CHECK_INTERVAL_SECONDS)))
                            .healthCheckTimeoutSeconds(Integer.parseInt(spec.setting(HEALTH_CHECK_TIMEOUT_SECONDS)))
                            .healthyThresholdCount(Integer.parseInt(spec.setting(HEALTHY_THRESHOLD)))
                            .unhealthyThresholdCount(Integer.parseInt(spec.setting(UNHEALTHY_THRESHOLD)))
                            .matcher(m -> m.httpCode(spec.setting(MATCHER)))));
        }
        if (!spec.setting(DEREGISTRATION_DELAY_SECONDS).equals(have.get(DEREGISTRATION_DELAY_SECONDS.key()))) {
            setDelay(actual.id(), spec);
        }
    }

    private void setDelay(String arn, Spec spec) {
        AwsCall.run(
                "ModifyTargetGroupAttributes",
                arn,
                () -> elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn)
                        .attributes(a -> a.key(DELAY).value(spec.setting(DEREGISTRATION_DELAY_SECONDS)))));
    }

    /**
     * The stack's Auto Scaling groups let go of it first: AWS refuses to detach (or attach
     * anything next to) a target group that no longer exists.
     */
    private void detachFromGroups(String arn, StackScope scope) {
        List<AutoScalingGroup> groups = AwsCall.call(
                "DescribeAutoScalingGroups",
                "Stack=" + scope.stack(),
                () -> autoscaling
                        .describeAutoScalingGroupsPaginator(
                                r -> r.filters(software.amazon.awssdk.services.autoscaling.model.Filter.builder()
                                        .name("tag:Stack")
                                        .values(scope.stack())
                                        .build()))
                        .autoScalingGroups()
                        .stream()
                        .filter(g -> g.targetGroupARNs().contains(arn))
                        .toList());
        for (AutoScalingGroup g : groups) {
            AwsCall.run(
                    "DetachLoadBalancerTargetGroups",
                    g.autoScalingGroupName(),
                    () -> autoscaling.detachLoadBalancerTargetGroups(r ->
                            r.autoScalingGroupName(g.autoScalingGroupName()).targetGroupARNs(arn)));
        }
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        try {
            List<String> users = elb.describeTargetGroups(r -> r.targetGroupArns(actual.id())).targetGroups().stream()
                    .flatMap(tg -> tg.loadBalancerArns().stream())
                    .toList();
            ListenersUsing.delete(elb, users, actual.id());
            detachFromGroups(actual.id(), scope);
            // AWS refuses (ResourceInUse) for a while after the ALB or listener that used it is gone.
            retry.run(
                    "delete " + actual.key(),
                    Retry.IN_USE,
                    () -> elb.deleteTargetGroup(r -> r.targetGroupArn(actual.id())));
        } catch (TargetGroupNotFoundException gone) {
            // already deleted
        } catch (SdkException e) {
            throw ExitException.aws("DeleteTargetGroup", actual.id(), e);
        }
    }
}

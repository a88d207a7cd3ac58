package dev.scaleout.infra.loadbalancer;

import dev.scaleout.support.AwsCall;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.support.ExitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    static final String DELAY = "deregistration_delay.timeout_seconds";

    private final ElasticLoadBalancingV2Client elb;
    private final AutoScalingClient autoscaling;

    public TargetGroupType(ElasticLoadBalancingV2Client elb, AutoScalingClient autoscaling) {
        this.elb = elb;
        this.autoscaling = autoscaling;
    }

    @Override
    public String type() {
        return LoadBalancerSpecs.TARGET_GROUP;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<TargetGroup> all = AwsCall.call("DescribeTargetGroups", "*", () ->
                elb.describeTargetGroupsPaginator(r -> { }).targetGroups().stream().toList());
        Map<String, Map<String, String>> ours = ElbTags.inStack(elb, all.stream().map(TargetGroup::targetGroupArn).toList(), scope);
        List<Actual> found = new ArrayList<>();
        for (TargetGroup tg : all) {
            Map<String, String> tags = ours.get(tg.targetGroupArn());
            if (tags != null) {
                found.add(Actual.of(type(), tags.getOrDefault("Name", tg.targetGroupName()), tg.targetGroupArn(),
                        settings(tg, delay(tg.targetGroupArn())), "active"));
            }
        }
        return found;
    }

    private String delay(String arn) {
        return AwsCall.call("DescribeTargetGroupAttributes", arn, () -> elb.describeTargetGroupAttributes(r -> r.targetGroupArn(arn))
                .attributes().stream().filter(a -> DELAY.equals(a.key())).map(a -> a.value()).findFirst().orElse("300"));
    }

    static Map<String, String> settings(TargetGroup tg, String delay) {
        Map<String, String> s = new TreeMap<>();
        s.put("protocol", tg.protocolAsString());
        s.put("port", String.valueOf(tg.port()));
        s.put("vpc", tg.vpcId());
        s.put("targetType", tg.targetTypeAsString());
        s.put("healthCheckProtocol", tg.healthCheckProtocolAsString());
        s.put("healthCheckPort", tg.healthCheckPort());
        s.put("healthCheckPath", tg.healthCheckPath());
        s.put("healthCheckIntervalSeconds", String.valueOf(tg.healthCheckIntervalSeconds()));
        s.put("healthCheckTimeoutSeconds", String.valueOf(tg.healthCheckTimeoutSeconds()));
        s.put("healthyThreshold", String.valueOf(tg.healthyThresholdCount()));
        s.put("unhealthyThreshold", String.valueOf(tg.unhealthyThresholdCount()));
        s.put("matcher", tg.matcher() == null ? "" : tg.matcher().httpCode());
        s.put("deregistrationDelaySeconds", delay);
        return s;
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String arn = AwsCall.call("CreateTargetGroup", spec.name(), () -> elb.createTargetGroup(r -> r
                .name(spec.name())
                .protocol(spec.setting("protocol"))
                .port(Integer.parseInt(spec.setting("port")))
                .vpcId(refs.resolve(spec.setting("vpc")))
                .targetType(spec.setting("targetType"))
                .healthCheckEnabled(true)
                .healthCheckProtocol(spec.setting("healthCheckProtocol"))
                .healthCheckPort(spec.setting("healthCheckPort"))
                .healthCheckPath(spec.setting("healthCheckPath"))
                .healthCheckIntervalSeconds(Integer.parseInt(spec.setting("healthCheckIntervalSeconds")))
                .healthCheckTimeoutSeconds(Integer.parseInt(spec.setting("healthCheckTimeoutSeconds")))
                .healthyThresholdCount(Integer.parseInt(spec.setting("healthyThreshold")))
                .unhealthyThresholdCount(Integer.parseInt(spec.setting("unhealthyThreshold")))
                .matcher(m -> m.httpCode(spec.setting("matcher")))
                .tags(ElbTags.of(scope, spec.name()))).targetGroups().get(0).targetGroupArn());
        setDelay(arn, spec);
        return arn;
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        Map<String, String> have = actual.settings();
        boolean healthCheck = List.of("healthCheckProtocol", "healthCheckPort", "healthCheckPath", "healthCheckIntervalSeconds",
                "healthCheckTimeoutSeconds", "healthyThreshold", "unhealthyThreshold", "matcher").stream()
                .anyMatch(k -> !spec.setting(k).equals(have.get(k)));
        if (healthCheck) {
            AwsCall.run("ModifyTargetGroup", actual.id(), () -> elb.modifyTargetGroup(r -> r
                    .targetGroupArn(actual.id())
                    .healthCheckProtocol(spec.setting("healthCheckProtocol"))
                    .healthCheckPort(spec.setting("healthCheckPort"))
                    .healthCheckPath(spec.setting("healthCheckPath"))
                    .healthCheckIntervalSeconds(Integer.parseInt(spec.setting("healthCheckIntervalSeconds")))
                    .healthCheckTimeoutSeconds(Integer.parseInt(spec.setting("healthCheckTimeoutSeconds")))
                    .healthyThresholdCount(Integer.parseInt(spec.setting("healthyThreshold")))
                    .unhealthyThresholdCount(Integer.parseInt(spec.setting("unhealthyThreshold")))
                    .matcher(m -> m.httpCode(spec.setting("matcher")))));
        }
        if (!spec.setting("deregistrationDelaySeconds").equals(have.get("deregistrationDelaySeconds"))) {
            setDelay(actual.id(), spec);
        }
    }

    private void setDelay(String arn, Spec spec) {
        AwsCall.run("ModifyTargetGroupAttributes", arn, () -> elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(arn)
                .attributes(a -> a.key(DELAY).value(spec.setting("deregistrationDelaySeconds")))));
    }

    /**
     * The stack's Auto Scaling groups let go of it first: AWS refuses to detach (or attach
     * anything next to) a target group that no longer exists.
     */
    private void detachFromGroups(String arn, StackScope scope) {
        List<AutoScalingGroup> groups = AwsCall.call("DescribeAutoScalingGroups", "Stack=" + scope.stack(), () ->
                autoscaling.describeAutoScalingGroupsPaginator(r -> r.filters(
                        software.amazon.awssdk.services.autoscaling.model.Filter.builder().name("tag:Stack").values(scope.stack()).build()))
                        .autoScalingGroups().stream().filter(g -> g.targetGroupARNs().contains(arn)).toList());
        for (AutoScalingGroup g : groups) {
            AwsCall.run("DetachLoadBalancerTargetGroups", g.autoScalingGroupName(), () -> autoscaling.detachLoadBalancerTargetGroups(r -> r
                    .autoScalingGroupName(g.autoScalingGroupName()).targetGroupARNs(arn)));
        }
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        try {
            List<String> users = elb.describeTargetGroups(r -> r.targetGroupArns(actual.id())).targetGroups().stream()
                    .flatMap(tg -> tg.loadBalancerArns().stream()).toList();
            ListenersUsing.delete(elb, users, actual.id());
            detachFromGroups(actual.id(), scope);
            elb.deleteTargetGroup(r -> r.targetGroupArn(actual.id()));
        } catch (TargetGroupNotFoundException gone) {
            // already deleted
        } catch (SdkException e) {
            throw ExitException.aws("DeleteTargetGroup", actual.id(), e);
        }
    }
}

package dev.scaleout.infra.loadbalancer;

import dev.scaleout.support.ExitException;
import java.util.Collection;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;

/**
 * The engine deletes before it updates, so a target group or certificate being replaced
 * goes while its ALB's listener still uses it, and AWS refuses (ResourceInUse). Listeners
 * are the ALB's settings: the ones using what is deleted go with it, and the ALB's update,
 * later in the same apply, creates them again with the new one.
 */
public final class ListenersUsing {

    private ListenersUsing() {}

    /** Deletes the listeners of {@code loadBalancerArns} that forward to, or serve the certificate, {@code arn}. */
    public static void delete(ElasticLoadBalancingV2Client elb, Collection<String> loadBalancerArns, String arn) {
        for (String lb : loadBalancerArns) {
            if (!lb.startsWith("arn:")) {
                continue; // ACM names users by ARN; anything else is not an ALB of ours
            }
            try {
                for (Listener l : elb.describeListenersPaginator(r -> r.loadBalancerArn(lb))
                        .listeners()) {
                    boolean forwards = l.defaultActions().stream()
                            .anyMatch(a -> arn.equals(a.targetGroupArn())
                                    || a.forwardConfig() != null
                                            && a.forwardConfig().targetGroups().stream()
                                                    .anyMatch(t -> arn.equals(t.targetGroupArn())));
                    boolean serves = l.certificates().stream().anyMatch(c -> arn.equals(c.certificateArn()));
                    if (forwards || serves) {
                        deleteListener(elb, l.listenerArn());
                    }
                }
            } catch (LoadBalancerNotFoundException gone) {
                // its listeners went with it
            } catch (SdkException e) {
                throw ExitException.aws("DescribeListeners", lb, e);
            }
        }
    }

    private static void deleteListener(ElasticLoadBalancingV2Client elb, String listenerArn) {
        try {
            elb.deleteListener(r -> r.listenerArn(listenerArn));
        } catch (ListenerNotFoundException gone) {
            // already deleted
        }
    }
}

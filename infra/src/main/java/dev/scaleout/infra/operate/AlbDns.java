package dev.scaleout.infra.operate;

import dev.scaleout.support.ExitException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;

/** The ALB's DNS name, by the ALB's name (one DescribeLoadBalancers), as status and rollout read it. */
public final class AlbDns {

    private AlbDns() {}

    /** Empty when no ALB has that name; any other AWS failure is exit 1 naming the call. */
    public static Optional<String> of(ElasticLoadBalancingV2Client elb, String name) {
        try {
            return elb.describeLoadBalancers(r -> r.names(name)).loadBalancers().stream()
                    .findFirst()
                    .map(LoadBalancer::dnsName);
        } catch (LoadBalancerNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw ExitException.aws("DescribeLoadBalancers", name, e);
        }
    }
}

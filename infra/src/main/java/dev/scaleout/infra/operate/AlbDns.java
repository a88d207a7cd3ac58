package dev.scaleout.infra.operate;

import dev.scaleout.infra.loadbalancer.LoadBalancerType;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/** The ALB's DNS name, by the ALB's name (one DescribeLoadBalancers), as status and rollout read it. */
public final class AlbDns {

    private AlbDns() {}

    /** Empty when no ALB has that name; any other AWS failure is exit 1 naming the call. */
    public static Optional<String> of(ElasticLoadBalancingV2Client elb, String name) {
        return LoadBalancerType.find(elb, name).map(LoadBalancer::dnsName);
    }
}

package dev.scaleout.infra.waf;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import dev.scaleout.infra.loadbalancer.LoadBalancerType;
import java.util.List;

/**
 * With loadBalancer.waf: the web ACL {@code <prefix>-alb-waf}, allowing by default, the AWS
 * managed rule groups of loadBalancer.wafManagedRuleGroups in that order, metrics and sampled
 * requests on, in front of the stack's ALB; none when off.
 */
public final class WafSpecs {

    private WafSpecs() {}

    public static String webAclName(StackConfig c) {
        return c.prefix() + "-alb-waf";
    }

    public static List<Spec> webAcl(StackConfig c) {
        if (!c.loadBalancer().waf()) {
            return List.of();
        }
        return List.of(WebAclType.SCHEMA
                .spec(webAclName(c))
                .set(WebAclType.DEFAULT_ACTION, "allow")
                .set(WebAclType.RULE_GROUPS, String.join(",", c.loadBalancer().wafManagedRuleGroups()))
                .set(WebAclType.VISIBILITY, WebAclType.METRICS + "," + WebAclType.SAMPLED)
                .set(WebAclType.LOAD_BALANCER, LoadBalancerType.SCHEMA.ref(LoadBalancerSpecs.loadBalancerName(c)))
                .build());
    }
}

package dev.scaleout.infra.engine;

import java.util.List;

/**
 * The order resources are created in; deletion runs it backwards. A type may refer only
 * to types before it. Sub-parts without tags of their own (routes, associations, rules,
 * listeners, scaling policy, hooks) are settings of their parent, reconciled by it.
 */
public final class ResourceTypes {

    public static final List<String> CREATE_ORDER = List.of(
            "vpc",
            "internet-gateway",      // attached to the vpc
            "subnet",
            "elastic-ip",
            "nat-gateway",
            "route-table",           // routes and subnet associations are its settings
            "security-group",        // ingress/egress rules are its settings
            "iam-role",              // with its instance profile and policies
            "db-subnet-group",
            "db-instance",
            "certificate",           // ACM, DNS-validated; its validation records in Route 53
            "target-group",
            "load-balancer",         // listeners are its settings
            "dns-record",            // Route 53 alias to the ALB
            "instance",              // the optional bastion
            "launch-template",
            "auto-scaling-group");   // scaling policy and lifecycle hook are its settings

    private ResourceTypes() {
    }
}

package dev.scaleout.infra.cli;

import dev.scaleout.infra.StackRun;
import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import dev.scaleout.infra.loadbalancer.LoadBalancerType;
import dev.scaleout.infra.operate.OperateNames;
import java.io.PrintWriter;

/** The URL to open after an apply: the Route 53 name with HTTPS, else the ALB's own DNS name. */
final class Endpoint {

    private Endpoint() {}

    static void print(StackRun run, PrintWriter out) {
        run.specs().stream()
                .filter(s -> s.type().equals(LoadBalancerType.TYPE))
                .findFirst()
                .flatMap(lb -> run.registry().type(LoadBalancerType.class).dnsName(lb.name()))
                .ifPresent(dns -> out.println("URL: "
                        + LoadBalancerSpecs.url(OperateNames.of(run.config()).publicHostname(), dns)));
    }
}

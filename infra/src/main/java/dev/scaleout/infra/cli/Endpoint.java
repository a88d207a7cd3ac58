package dev.scaleout.infra.cli;

import dev.scaleout.infra.StackRun;
import dev.scaleout.infra.config.StackConfig;
import java.io.PrintStream;

/** The URL to open after an apply: the Route 53 name with HTTPS, else the ALB's own DNS name. */
final class Endpoint {

    private Endpoint() {
    }

    static void print(StackRun run, PrintStream out) {
        StackConfig.Dns dns = run.config().dns();
        if (dns.enabled()) {
            out.println("URL: https://" + dns.recordName() + "." + dns.domain() + "/");
            return;
        }
        run.specs().stream().filter(s -> s.type().equals("load-balancer")).findFirst()
                .flatMap(lb -> run.registry().loadBalancerDns(lb.name()))
                .ifPresent(name -> out.println("URL: http://" + name + "/"));
    }
}

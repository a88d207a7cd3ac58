package dev.scaleout.infra.cli;

import dev.scaleout.infra.StackRun;
import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import dev.scaleout.infra.loadbalancer.LoadBalancerType;
import dev.scaleout.infra.operate.OperateNames;
import dev.scaleout.infra.vpn.ClientVpnEndpointType;
import java.io.PrintWriter;

/**
 * The URL to open after an apply: the Route 53 name with HTTPS, else the ALB's own DNS name;
 * with the VPN on, the client file's path and how to connect (never its content: it holds the key).
 */
final class Endpoint {

    private Endpoint() {}

    static void print(StackRun run, PrintWriter out) {
        run.specs().stream()
                .filter(s -> s.type().equals(LoadBalancerType.TYPE))
                .findFirst()
                .flatMap(lb -> run.registry().type(LoadBalancerType.class).dnsName(lb.name()))
                .ifPresent(dns -> out.println("URL: "
                        + LoadBalancerSpecs.url(OperateNames.of(run.config()).publicHostname(), dns)));
        run.specs().stream()
                .filter(s -> s.type().equals(ClientVpnEndpointType.TYPE))
                .findFirst()
                .map(vpn -> run.registry().vpnFiles().file(ClientVpnEndpointType.clientFile(vpn.name())))
                .filter(java.nio.file.Files::isRegularFile)
                .ifPresent(file -> out.println("VPN: " + file
                        + " (mode 0600: it holds your client key; keep it private). Connect with any OpenVPN"
                        + " client, e.g. sudo openvpn --config " + file
                        + ", or import it into the AWS VPN Client; then reach private addresses of "
                        + run.config().network().vpcCidr() + " (ssh ec2-user@<private IP>)."));
    }
}

package dev.scaleout.infra.security;

import dev.scaleout.infra.engine.Refs;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/**
 * One security-group rule as a plain string the plan shows and compares:
 * {@code <protocol>:<ports>:<kind>=<source>}, e.g. {@code tcp:80:cidr=0.0.0.0/0},
 * {@code tcp:8080:sg=@security-group/my-asg-alb-sg}, {@code all:all:cidr=0.0.0.0/0}.
 * Ports are one number or {@code from-to}; kind is {@code cidr}, {@code cidr6} or {@code sg}.
 */
public record SgRule(String protocol, String ports, String kind, String source) {

    /** AWS's default egress rule. */
    public static final String ALL_OUT = "all:all:cidr=0.0.0.0/0";

    public static SgRule tcp(int port, String kind, String source) {
        return new SgRule("tcp", String.valueOf(port), kind, source);
    }

    /** All ICMP (IPv4) types and codes, as the console's "All ICMP - IPv4": {@code icmp:all:cidr=...}. */
    public static SgRule icmp(String kind, String source) {
        return new SgRule("icmp", "all", kind, source);
    }

    static SgRule of(IpPermission p, String kind, String source) {
        String protocol = "-1".equals(p.ipProtocol()) ? "all" : p.ipProtocol();
        String ports;
        // ICMP's "ports" are type and code; -1 is every one.
        if ("all".equals(protocol) || p.fromPort() == null || p.fromPort() == -1) {
            ports = "all";
        } else if (p.fromPort().equals(p.toPort())) {
            ports = String.valueOf(p.fromPort());
        } else {
            ports = p.fromPort() + "-" + p.toPort();
        }
        return new SgRule(protocol, ports, kind, source);
    }

    public static SgRule parse(String rule) {
        int eq = rule.indexOf('=');
        String[] head = rule.substring(0, eq).split(":");
        if (head.length != 3 || eq < 0) {
            throw new IllegalArgumentException("bad rule " + rule);
        }
        return new SgRule(head[0], head[1], head[2], rule.substring(eq + 1));
    }

    IpPermission permission(Refs refs) {
        IpPermission.Builder b = IpPermission.builder().ipProtocol("all".equals(protocol) ? "-1" : protocol);
        if ("all".equals(ports) && "icmp".equals(protocol)) {
            b.fromPort(-1).toPort(-1); // AWS wants type and code for ICMP: -1 for all
        } else if (!"all".equals(ports)) {
            String[] range = ports.split("-");
            b.fromPort(Integer.parseInt(range[0])).toPort(Integer.parseInt(range[range.length - 1]));
        }
        switch (kind) {
            case "cidr" -> b.ipRanges(r -> r.cidrIp(source));
            case "cidr6" -> b.ipv6Ranges(r -> r.cidrIpv6(source));
            case "sg" -> b.userIdGroupPairs(p -> p.groupId(refs.resolve(source)));
            default -> throw new IllegalArgumentException("bad rule source kind " + kind);
        }
        return b.build();
    }

    @Override
    public String toString() {
        return protocol + ":" + ports + ":" + kind + "=" + source;
    }
}

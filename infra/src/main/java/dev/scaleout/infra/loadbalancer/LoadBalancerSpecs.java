package dev.scaleout.infra.loadbalancer;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * The course's ALB: internet-facing in the public subnets, a target group on HTTP:80 (and
 * optionally the course's second one on 8080) health-checking the ec2meta page. Its listener
 * forwards HTTP:80; with a domain, HTTPS:443 forwards with the ACM certificate and HTTP:80
 * redirects to it.
 */
public final class LoadBalancerSpecs {

    public static final String TARGET_GROUP = "target-group";
    public static final String LOAD_BALANCER = "load-balancer";
    /** TLS 1.3 and 1.2 only: AWS's recommended policy for new listeners. */
    public static final String SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    private LoadBalancerSpecs() {
    }

    public static String targetGroupName(StackConfig config) {
        return config.prefix() + "-asg-ec2-tg";
    }

    public static String secondTargetGroupName(StackConfig config) {
        return config.prefix() + "-asg-ec2-tg-8080";
    }

    public static String loadBalancerName(StackConfig config) {
        return config.prefix() + "-asg-alb";
    }

    /** The target groups the ASG registers its instances in: only the HTTP:80 one, where the app listens. */
    public static List<String> asgTargetGroups(StackConfig config) {
        return List.of(Spec.ref(TARGET_GROUP, targetGroupName(config)));
    }

    /** Where users reach the app: the alias record with a domain, else the ALB's own DNS name. */
    public static String url(StackConfig config, String albDnsName) {
        return url(config.dns().enabled() ? Optional.of(config.dns().recordName() + "." + config.dns().domain()) : Optional.empty(),
                albDnsName);
    }

    /** The same rule from the public host name (if DNS is configured) and the ALB's DNS name; null without either. */
    public static String url(Optional<String> publicHostname, String albDnsName) {
        return publicHostname.map(h -> "https://" + h + "/").orElse(albDnsName == null ? null : "http://" + albDnsName + "/");
    }

    public static List<Spec> specs(StackConfig config) {
        String prefix = config.prefix();
        List<Spec> specs = new ArrayList<>();
        specs.add(targetGroup(config, targetGroupName(config), 80));
        if (config.loadBalancer().secondTargetGroup()) {
            specs.add(targetGroup(config, secondTargetGroupName(config), 8080));
        }
        String tg = Spec.ref(TARGET_GROUP, targetGroupName(config));
        List<Listener> listeners = new ArrayList<>();
        if (config.dns().enabled()) {
            listeners.add(new Listener("HTTP", 80, Map.of(Listener.REDIRECT, "HTTPS:443")));
            Map<String, String> https = new LinkedHashMap<>();
            https.put(Listener.FORWARD, tg);
            https.put(Listener.CERTIFICATE, Spec.ref("certificate", certificateName(config)));
            https.put(Listener.POLICY, SSL_POLICY);
            listeners.add(new Listener("HTTPS", 443, https));
        } else {
            listeners.add(new Listener("HTTP", 80, Map.of(Listener.FORWARD, tg)));
        }
        Map<String, String> alb = new LinkedHashMap<>();
        alb.put("scheme", "internet-facing");
        alb.put("type", "application");
        alb.put("ipAddressType", "ipv4");
        alb.put("subnets", subnets(config, "public"));
        alb.put("securityGroups", Spec.ref("security-group", prefix + "-asg-alb-sg"));
        alb.put("listeners", Listener.formatAll(listeners));
        specs.add(Spec.of(LOAD_BALANCER, loadBalancerName(config), alb, "name", "scheme", "type"));
        return specs;
    }

    /** The certificate's Name: the host name it is for. */
    public static String certificateName(StackConfig config) {
        return config.dns().recordName() + "." + config.dns().domain();
    }

    private static Spec targetGroup(StackConfig config, String name, int port) {
        StackConfig.LoadBalancer lb = config.loadBalancer();
        Map<String, String> s = new LinkedHashMap<>();
        s.put("protocol", "HTTP");
        s.put("port", String.valueOf(port));
        s.put("vpc", Spec.ref("vpc", config.prefix() + "-vpc"));
        s.put("targetType", "instance");
        s.put("healthCheckProtocol", "HTTP");
        s.put("healthCheckPort", "traffic-port");
        s.put("healthCheckPath", lb.healthCheckPath());
        s.put("healthCheckIntervalSeconds", String.valueOf(lb.healthCheckIntervalSeconds()));
        s.put("healthCheckTimeoutSeconds", String.valueOf(lb.healthCheckTimeoutSeconds()));
        s.put("healthyThreshold", String.valueOf(lb.healthyThreshold()));
        s.put("unhealthyThreshold", String.valueOf(lb.unhealthyThreshold()));
        s.put("matcher", "200");
        s.put("deregistrationDelaySeconds", String.valueOf(lb.deregistrationDelaySeconds()));
        return Spec.of(TARGET_GROUP, name, s, "name", "protocol", "port", "vpc", "targetType");
    }

    static String subnets(StackConfig config, String tier) {
        return String.join(",", config.network().availabilityZones().stream()
                .map(az -> Spec.ref("subnet", config.prefix() + "-" + tier + "-subnet-" + az.substring(az.length() - 1))).toList());
    }
}

package dev.scaleout.infra.loadbalancer;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.dns.CertificateType;
import dev.scaleout.infra.dns.DnsSpecs;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.logs.AccessLogBucketType;
import dev.scaleout.infra.logs.AccessLogSpecs;
import dev.scaleout.infra.network.NetworkSpecs;
import dev.scaleout.infra.security.SecurityGroupType;
import dev.scaleout.infra.security.SecuritySpecs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The course's ALB: internet-facing in the public subnets, a target group on HTTP:80 (and
 * optionally the course's second one on 8080) health-checking the ec2meta page. Its listener
 * forwards HTTP:80; with a domain, HTTPS:443 forwards with the ACM certificate and HTTP:80
 * redirects to it.
 */
public final class LoadBalancerSpecs {

    /** TLS 1.3 and 1.2 only: AWS's recommended policy for new listeners. */
    public static final String SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    private LoadBalancerSpecs() {}

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
        return List.of(TargetGroupType.SCHEMA.ref(targetGroupName(config)));
    }

    /** Where users reach the app: the alias record with a domain, else the ALB's own DNS name. */
    public static String url(StackConfig config, String albDnsName) {
        return url(config.dns().enabled() ? Optional.of(DnsSpecs.hostName(config)) : Optional.empty(), albDnsName);
    }

    /** The same rule from the public host name (if DNS is configured) and the ALB's DNS name; null without either. */
    public static String url(Optional<String> publicHostname, String albDnsName) {
        return publicHostname
                .map(h -> "https://" + h + "/")
                .orElse(albDnsName == null ? null : "http://" + albDnsName + "/");
    }

    public static List<Spec> specs(StackConfig config) {
        List<Spec> specs = new ArrayList<>(targetGroups(config));
        specs.addAll(loadBalancer(config));
        return specs;
    }

    public static List<Spec> targetGroups(StackConfig config) {
        List<Spec> specs = new ArrayList<>();
        specs.add(targetGroup(config, targetGroupName(config), 80));
        if (config.loadBalancer().secondTargetGroup()) {
            specs.add(targetGroup(config, secondTargetGroupName(config), 8080));
        }
        return specs;
    }

    public static List<Spec> loadBalancer(StackConfig config) {
        String tg = TargetGroupType.SCHEMA.ref(targetGroupName(config));
        List<Listener> listeners = new ArrayList<>();
        if (config.dns().enabled()) {
            listeners.add(new Listener("HTTP", 80, Map.of(Listener.REDIRECT, "HTTPS:443")));
            Map<String, String> https = new LinkedHashMap<>();
            https.put(Listener.FORWARD, tg);
            https.put(Listener.CERTIFICATE, CertificateType.SCHEMA.ref(certificateName(config)));
            https.put(Listener.POLICY, SSL_POLICY);
            listeners.add(new Listener("HTTPS", 443, https));
        } else {
            listeners.add(new Listener("HTTP", 80, Map.of(Listener.FORWARD, tg)));
        }
        return List.of(LoadBalancerType.SCHEMA
                .spec(loadBalancerName(config))
                .set(LoadBalancerType.SCHEME, "internet-facing")
                .set(LoadBalancerType.LOAD_BALANCER_TYPE, "application")
                .set(LoadBalancerType.IP_ADDRESS_TYPE, "ipv4")
                .set(LoadBalancerType.SUBNETS, NetworkSpecs.subnetRefs(config, NetworkSpecs.Tier.PUBLIC))
                .set(LoadBalancerType.SECURITY_GROUPS, SecurityGroupType.SCHEMA.ref(SecuritySpecs.albGroup(config)))
                .set(LoadBalancerType.LISTENERS, Listener.formatAll(listeners))
                .set(LoadBalancerAttributes.SETTING, LoadBalancerAttributes.format(attributes(config)))
                .build());
    }

    /**
     * Invalid header fields dropped; access logs into the stack's log bucket when
     * loadBalancer.accessLogs is on; deletion protection as loadBalancer.deletionProtection says.
     */
    static Map<String, String> attributes(StackConfig config) {
        Map<String, String> pairs = new TreeMap<>();
        pairs.put(LoadBalancerAttributes.DROP_INVALID_HEADERS, "true");
        pairs.put(
                LoadBalancerAttributes.DELETION_PROTECTION,
                String.valueOf(config.loadBalancer().deletionProtection()));
        pairs.putAll(LoadBalancerAttributes.accessLogs(
                AccessLogSpecs.enabled(config)
                        ? AccessLogBucketType.SCHEMA.ref(AccessLogSpecs.bucketName(config))
                        : null,
                AccessLogSpecs.LOG_PREFIX));
        return pairs;
    }

    /** The certificate's Name: the host name it is for. */
    public static String certificateName(StackConfig config) {
        return DnsSpecs.hostName(config);
    }

    private static Spec targetGroup(StackConfig config, String name, int port) {
        StackConfig.LoadBalancer lb = config.loadBalancer();
        return TargetGroupType.SCHEMA
                .spec(name)
                .set(TargetGroupType.PROTOCOL, "HTTP")
                .set(TargetGroupType.PORT, String.valueOf(port))
                .set(TargetGroupType.VPC, NetworkSpecs.vpcRef(config))
                .set(TargetGroupType.TARGET_TYPE, "instance")
                .set(TargetGroupType.HEALTH_CHECK_PROTOCOL, "HTTP")
                .set(TargetGroupType.HEALTH_CHECK_PORT, "traffic-port")
                .set(TargetGroupType.HEALTH_CHECK_PATH, lb.healthCheckPath())
                .set(TargetGroupType.HEALTH_CHECK_INTERVAL_SECONDS, String.valueOf(lb.healthCheckIntervalSeconds()))
                .set(TargetGroupType.HEALTH_CHECK_TIMEOUT_SECONDS, String.valueOf(lb.healthCheckTimeoutSeconds()))
                .set(TargetGroupType.HEALTHY_THRESHOLD, String.valueOf(lb.healthyThreshold()))
                .set(TargetGroupType.UNHEALTHY_THRESHOLD, String.valueOf(lb.unhealthyThreshold()))
                .set(TargetGroupType.MATCHER, "200")
                .set(TargetGroupType.DEREGISTRATION_DELAY_SECONDS, String.valueOf(lb.deregistrationDelaySeconds()))
                .build();
    }
}

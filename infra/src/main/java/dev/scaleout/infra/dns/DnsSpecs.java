package dev.scaleout.infra.dns;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import java.util.List;
import java.util.Map;

/**
 * With a domain and its hosted zone: an ACM certificate for {@code <recordName>.<domain>},
 * validated by DNS records in the zone, and an alias A record of that name to the ALB.
 * Without a domain: nothing (the ALB listens on HTTP only).
 */
public final class DnsSpecs {

    public static final String CERTIFICATE = "certificate";
    public static final String RECORD = "dns-record";

    private DnsSpecs() {
    }

    public static String hostName(StackConfig config) {
        return config.dns().recordName() + "." + config.dns().domain();
    }

    /** "/hostedzone/Z123" or "Z123" → "Z123". */
    public static String zoneId(String hostedZoneId) {
        return hostedZoneId == null ? null : hostedZoneId.replaceFirst("^/?hostedzone/", "");
    }

    public static List<Spec> specs(StackConfig config) {
        if (!config.dns().enabled()) {
            return List.of();
        }
        String host = hostName(config);
        String zone = zoneId(config.dns().hostedZoneId());
        Spec certificate = Spec.of(CERTIFICATE, host, Map.of(
                "domainName", host,
                "validationMethod", "DNS",
                "hostedZone", zone,
                "validationRecords", CertificateType.IN_ZONE), "name", "domainName", "validationMethod");
        Spec record = Spec.of(RECORD, host, Map.of(
                "hostedZone", zone,
                "type", "A",
                "aliasTarget", Spec.ref(LoadBalancerSpecs.LOAD_BALANCER, LoadBalancerSpecs.loadBalancerName(config)),
                "evaluateTargetHealth", "true"), "name", "hostedZone", "type");
        return List.of(certificate, record);
    }
}

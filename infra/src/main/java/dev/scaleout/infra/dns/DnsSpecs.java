package dev.scaleout.infra.dns;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.loadbalancer.LoadBalancerSpecs;
import dev.scaleout.infra.loadbalancer.LoadBalancerType;
import java.util.ArrayList;
import java.util.List;

/**
 * With a domain and its hosted zone: an ACM certificate for {@code <recordName>.<domain>},
 * validated by DNS records in the zone, and an alias A record of that name to the ALB.
 * Without a domain: nothing (the ALB listens on HTTP only).
 */
public final class DnsSpecs {

    private DnsSpecs() {}

    public static String hostName(StackConfig config) {
        return config.dns().recordName() + "." + config.dns().domain();
    }

    /** "/hostedzone/Z123" or "Z123" → "Z123". */
    public static String zoneId(String hostedZoneId) {
        return hostedZoneId == null ? null : hostedZoneId.replaceFirst("^/?hostedzone/", "");
    }

    public static List<Spec> specs(StackConfig config) {
        List<Spec> specs = new ArrayList<>(certificate(config));
        specs.addAll(record(config));
        return specs;
    }

    public static List<Spec> certificate(StackConfig config) {
        if (!config.dns().enabled()) {
            return List.of();
        }
        String host = hostName(config);
        return List.of(CertificateType.SCHEMA
                .spec(host)
                .set(CertificateType.DOMAIN_NAME, host)
                .set(CertificateType.VALIDATION_METHOD, "DNS")
                .set(CertificateType.HOSTED_ZONE, zoneId(config.dns().hostedZoneId()))
                .set(CertificateType.VALIDATION_RECORDS, CertificateType.IN_ZONE)
                .build());
    }

    public static List<Spec> record(StackConfig config) {
        if (!config.dns().enabled()) {
            return List.of();
        }
        return List.of(DnsRecordType.SCHEMA
                .spec(hostName(config))
                .set(DnsRecordType.HOSTED_ZONE, zoneId(config.dns().hostedZoneId()))
                .set(DnsRecordType.RECORD_TYPE, "A")
                .set(
                        DnsRecordType.ALIAS_TARGET,
                        LoadBalancerType.SCHEMA.ref(LoadBalancerSpecs.loadBalancerName(config)))
                .set(DnsRecordType.EVALUATE_TARGET_HEALTH, "true")
                .set(DnsRecordType.OWNER, Ownership.owner(config))
                .build());
    }
}

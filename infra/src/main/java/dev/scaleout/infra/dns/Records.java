package dev.scaleout.infra.dns;

import dev.scaleout.support.ExitException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Route 53 records have no tags or ids: they are found by zone, name and type. */
final class Records {

    private Records() {}

    /** The record set of that name and type, or null: one ListResourceRecordSets starting at it. */
    static ResourceRecordSet find(Route53Client route53, String zone, String name, RRType type) {
        try {
            return route53
                    .listResourceRecordSets(r -> r.hostedZoneId(zone)
                            .startRecordName(name)
                            .startRecordType(type)
                            .maxItems("1"))
                    .resourceRecordSets()
                    .stream()
                    .filter(s -> sameName(s.name(), name) && s.type() == type)
                    .findFirst()
                    .orElse(null);
        } catch (SdkException e) {
            throw ExitException.aws("ListResourceRecordSets", zone + " " + name, e);
        }
    }

    /** DNS names compare without case and without the final dot. */
    static boolean sameName(String a, String b) {
        return a != null && b != null && strip(a).equalsIgnoreCase(strip(b));
    }

    static String strip(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}

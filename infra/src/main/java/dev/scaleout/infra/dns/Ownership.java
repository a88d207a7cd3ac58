package dev.scaleout.infra.dns;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.StackScope;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Who owns a DNS record, since Route 53 records carry no tags: a TXT record beside it, as
 * external-dns's TXT registry does, {@code _infra-owner-a.<host>} holding
 * {@code "heritage=infra,infra/owner=<project>/<stack>/<region>,infra/resource=dns-record/<host>"}.
 * It sits below the host (an underscore label no client resolves), so it never clashes with
 * a TXT record someone keeps at the host itself. The stack writes it in the same change
 * batch as the record and never overwrites or deletes a record whose owner is another.
 */
final class Ownership {

    static final String HERITAGE = "heritage=infra";
    private static final Pattern OWNER = Pattern.compile("infra/owner=([^,\"]*)");
    private static final long TTL = 300;

    private Ownership() {}

    /** The owner word of a stack: project, stack and region (one stack name may live in two regions). */
    static String owner(StackScope scope) {
        return scope.project() + "/" + scope.stack() + "/" + scope.region().id();
    }

    static String owner(StackConfig config) {
        return config.project() + "/" + config.stack() + "/" + config.region();
    }

    /** The TXT record's name for the A record {@code host}. */
    static String recordName(String host) {
        return "_infra-owner-a." + Records.strip(host);
    }

    static String value(String owner, String host) {
        return "\"" + HERITAGE + ",infra/owner=" + owner + ",infra/resource=dns-record/" + Records.strip(host) + "\"";
    }

    /** The TXT record as this owner writes it (and must find it exactly so to delete it). */
    static ResourceRecordSet record(String owner, String host) {
        return ResourceRecordSet.builder()
                .name(recordName(host))
                .type(RRType.TXT)
                .ttl(TTL)
                .resourceRecords(v -> v.value(value(owner, host)))
                .build();
    }

    static Change change(ChangeAction action, String owner, String host) {
        return Change.builder()
                .action(action)
                .resourceRecordSet(record(owner, host))
                .build();
    }

    /**
     * The owner the TXT record beside {@code host} names: empty when there is no such record,
     * "?" when there is one that infra did not write.
     */
    static Optional<String> of(Route53Client route53, String zone, String host) {
        ResourceRecordSet txt = Records.find(route53, zone, recordName(host), RRType.TXT);
        if (txt == null) {
            return Optional.empty();
        }
        return Optional.of(txt.resourceRecords().stream()
                .map(v -> v.value())
                .filter(v -> v.contains(HERITAGE))
                .map(OWNER::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .findFirst()
                .orElse("?"));
    }
}

package dev.scaleout.infra.dns;

import dev.scaleout.support.ExitException;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.acm.model.ResourceRecord;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** ACM's validation CNAMEs in a Route 53 zone: written with UPSERT (safe to repeat), read back by name. */
public final class ValidationRecords {

    private static final long TTL = 300;

    private final Route53Client route53;

    public ValidationRecords(Route53Client route53) {
        this.route53 = route53;
    }

    public boolean present(String zone, List<ResourceRecord> records) {
        if (records.isEmpty()) {
            return false;
        }
        for (ResourceRecord rr : records) {
            ResourceRecordSet found = Records.find(route53, zone, rr.name(), RRType.CNAME);
            if (found == null
                    || found.resourceRecords().stream().noneMatch(v -> Records.sameName(v.value(), rr.value()))) {
                return false;
            }
        }
        return true;
    }

    public void upsert(String zone, List<ResourceRecord> records) {
        change(zone, records, ChangeAction.UPSERT);
    }

    /** Removes the records; ones already gone count as removed. */
    public void delete(String zone, List<ResourceRecord> records) {
        List<ResourceRecord> present =
                records.stream().filter(rr -> present(zone, List.of(rr))).toList();
        try {
            change(zone, present, ChangeAction.DELETE);
        } catch (ExitException e) {
            if (!(e.getCause() instanceof InvalidChangeBatchException)) {
                throw e;
            }
        }
    }

    private void change(String zone, List<ResourceRecord> records, ChangeAction action) {
        if (records.isEmpty()) {
            return;
        }
        List<Change> changes = records.stream()
                .map(rr -> Change.builder()
                        .action(action)
                        .resourceRecordSet(s ->
                                s.name(rr.name()).type(RRType.CNAME).ttl(TTL).resourceRecords(v -> v.value(rr.value())))
                        .build())
                .toList();
        try {
            route53.changeResourceRecordSets(r -> r.hostedZoneId(zone)
                    .changeBatch(b -> b.comment("ACM DNS validation").changes(changes)));
        } catch (SdkException e) {
            throw ExitException.aws(
                    "ChangeResourceRecordSets " + action,
                    zone + " " + records.get(0).name(),
                    e);
        }
    }
}

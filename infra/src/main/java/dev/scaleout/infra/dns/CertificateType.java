package dev.scaleout.infra.dns;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.engine.TaggedByStack;
import dev.scaleout.infra.loadbalancer.ListenersUsing;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.ResourceNotFoundException;
import software.amazon.awssdk.services.acm.model.ResourceRecord;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;

/**
 * "certificate": an ACM certificate validated by DNS. ACM lists certificates without tags,
 * so discovery asks the Resource Groups Tagging API for the stack's ACM certificates (one
 * paginated call, tags included), then describes each. The hosted zone is kept as a tag,
 * so discovery can tell whether the validation records are in it. Until ACM issues it, its
 * state is not ready, and the engine's awaitReady writes the records and waits.
 */
public final class CertificateType implements ManagedType {

    public static final String TYPE = "certificate";
    public static final Setting DOMAIN_NAME = Setting.scalar("domainName").replaces();
    public static final Setting VALIDATION_METHOD =
            Setting.scalar("validationMethod").replaces();
    public static final Setting HOSTED_ZONE = Setting.scalar("hostedZone");
    public static final Setting VALIDATION_RECORDS = Setting.scalar("validationRecords");
    public static final Schema SCHEMA =
            Schema.of(TYPE, Setting.NAME, DOMAIN_NAME, VALIDATION_METHOD, HOSTED_ZONE, VALIDATION_RECORDS);

    public static final String IN_ZONE = "in-zone";
    public static final String MISSING = "missing";
    static final String ZONE_TAG = "HostedZone";
    private static final Duration ISSUE_TIMEOUT = Duration.ofMinutes(45);
    private static final Duration RECORDS_TIMEOUT = Duration.ofMinutes(3);

    private final AcmClient acm;
    private final ElasticLoadBalancingV2Client elb;
    private final ResourceGroupsTaggingApiClient tagging;
    private final ValidationRecords records;
    private final Poll poll;
    private final Retry retry;

    public CertificateType(
            AcmClient acm,
            ElasticLoadBalancingV2Client elb,
            ResourceGroupsTaggingApiClient tagging,
            ValidationRecords records,
            Retry retry) {
        this(acm, elb, tagging, records, retry.poll(Duration.ofSeconds(5), Duration.ofSeconds(30)), retry);
    }

    public CertificateType(
            AcmClient acm,
            ElasticLoadBalancingV2Client elb,
            ResourceGroupsTaggingApiClient tagging,
            ValidationRecords records,
            Poll poll) {
        this(acm, elb, tagging, records, poll, Retry.real(Progress.toConsole()));
    }

    public CertificateType(
            AcmClient acm,
            ElasticLoadBalancingV2Client elb,
            ResourceGroupsTaggingApiClient tagging,
            ValidationRecords records,
            Poll poll,
            Retry retry) {
        this.acm = acm;
        this.elb = elb;
        this.tagging = tagging;
        this.records = records;
        this.poll = poll;
        this.retry = retry;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public List<Actual> discover(StackScope scope) {
        List<ResourceTagMapping> mappings = TaggedByStack.find(tagging, "acm:certificate", scope);
        List<Actual> found = new ArrayList<>();
        for (ResourceTagMapping m : mappings) {
            Map<String, String> tags = TaggedByStack.tags(m);
            CertificateDetail cert = describe(m.resourceARN());
            // imported ones are the VPN's server certificates (vpn-certificate), not this type's
            if (cert == null || "IMPORTED".equals(cert.typeAsString())) {
                continue;
            }
            String zone = tags.getOrDefault(ZONE_TAG, "");
            Map<String, String> s = new TreeMap<>();
            s.put(DOMAIN_NAME.key(), cert.domainName());
            s.put(
                    VALIDATION_METHOD.key(),
                    cert.domainValidationOptions().isEmpty()
                            ? ""
                            : Objects.toString(
                                    cert.domainValidationOptions().get(0).validationMethodAsString(), ""));
            s.put(HOSTED_ZONE.key(), zone);
            s.put(
                    VALIDATION_RECORDS.key(),
                    !zone.isEmpty() && records.present(zone, validationRecords(cert)) ? IN_ZONE : MISSING);
            found.add(Actual.of(
                    type(),
                    tags.getOrDefault("Name", cert.domainName()),
                    cert.certificateArn(),
                    s,
                    cert.statusAsString().toLowerCase()));
        }
        return found;
    }

    private CertificateDetail describe(String arn) {
        try {
            return acm.describeCertificate(r -> r.certificateArn(arn)).certificate();
        } catch (ResourceNotFoundException gone) {
            return null;
        } catch (SdkException e) {
            throw ExitException.aws("DescribeCertificate", arn, e);
        }
    }

    static List<ResourceRecord> validationRecords(CertificateDetail cert) {
        return cert.domainValidationOptions().stream()
                .map(DomainValidation::resourceRecord)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }

    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        List<software.amazon.awssdk.services.acm.model.Tag> tags = new ArrayList<>();
        scope.tags(spec.name())
                .forEach((k, v) -> tags.add(software.amazon.awssdk.services.acm.model.Tag.builder()
                        .key(k)
                        .value(v)
                        .build()));
        tags.add(software.amazon.awssdk.services.acm.model.Tag.builder()
                .key(ZONE_TAG)
                .value(spec.setting(HOSTED_ZONE))
                .build());
        return AwsCall.call(
                "RequestCertificate",
                spec.name(),
                () -> acm.requestCertificate(r -> r.domainName(spec.setting(DOMAIN_NAME))
                                .validationMethod(spec.setting(VALIDATION_METHOD))
                                .idempotencyToken(token(scope, spec.name()))
                                .tags(tags))
                        .certificateArn());
    }

    /** The same request within an hour returns the same certificate, should a retry follow a lost answer. */
    static String token(StackScope scope, String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((scope.project() + "/" + scope.stack() + "/" + name).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the validation records (ACM may take a few seconds to name them) and waits until ACM issues it. */
    @Override
    public void awaitReady(String id, Spec spec, Progress progress) {
        CertificateDetail named = poll.until(
                "validation records of " + spec.name(),
                RECORDS_TIMEOUT,
                () -> describe(id),
                c -> c == null ? "not found" : validationRecords(c).isEmpty() ? "not named yet" : "named",
                c -> c != null && !validationRecords(c).isEmpty(),
                progress);
        records.upsert(spec.setting(HOSTED_ZONE), validationRecords(named));
        CertificateDetail issued = poll.until(
                "certificate " + spec.name(),
                ISSUE_TIMEOUT,
                () -> describe(id),
                c -> c == null ? "not found" : c.statusAsString(),
                c -> c == null || !"PENDING_VALIDATION".equals(c.statusAsString()),
                progress);
        if (issued == null || !"ISSUED".equals(issued.statusAsString())) {
            throw ExitException.failure("certificate " + spec.name() + " was not issued: "
                    + (issued == null ? "it disappeared" : issued.statusAsString())
                    + "; check that hosted zone " + spec.setting(HOSTED_ZONE) + " serves " + spec.setting(DOMAIN_NAME));
        }
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        if (!spec.setting(HOSTED_ZONE).equals(actual.settings().get(HOSTED_ZONE.key()))) {
            AwsCall.run(
                    "AddTagsToCertificate",
                    actual.id(),
                    () -> acm.addTagsToCertificate(r -> r.certificateArn(actual.id())
                            .tags(t -> t.key(ZONE_TAG).value(spec.setting(HOSTED_ZONE)))));
        }
        CertificateDetail cert = describe(actual.id());
        if (cert != null) {
            records.upsert(spec.setting(HOSTED_ZONE), validationRecords(cert));
        }
    }

    /** Deletes the certificate, then its validation records (the load balancer that used it is gone by now). */
    @Override
    public void delete(Actual actual, StackScope scope) {
        CertificateDetail cert = describe(actual.id());
        if (cert == null) {
            return;
        }
        // A replaced certificate goes before the ALB's update moves its HTTPS listener to the new one.
        ListenersUsing.delete(elb, cert.inUseBy(), actual.id());
        try {
            // ACM answers ResourceInUseException for minutes after the listener that used it is gone.
            retry.run(
                    "delete " + actual.key(),
                    Retry.IN_USE,
                    () -> acm.deleteCertificate(r -> r.certificateArn(actual.id())));
        } catch (ResourceNotFoundException gone) {
            return;
        } catch (SdkException e) {
            throw ExitException.aws("DeleteCertificate", actual.id(), e);
        }
        String zone = actual.settings().getOrDefault(HOSTED_ZONE.key(), "");
        if (!zone.isEmpty()) {
            records.delete(zone, validationRecords(cert));
        }
    }
}

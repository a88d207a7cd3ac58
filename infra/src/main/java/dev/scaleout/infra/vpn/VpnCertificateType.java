package dev.scaleout.infra.vpn;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.infra.engine.Refs;
import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.engine.Setting;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.engine.TaggedByStack;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.Tag;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;

/**
 * "vpn-certificate": the Client VPN endpoint's server certificate, imported into ACM with its
 * chain (the private CA) and key, made here by {@link VpnCertificates}. It is also the
 * endpoint's client root chain (same CA), so nothing else goes to ACM and the client's key
 * never leaves the machine.
 *
 * <p>Settings, both replace (ACM cannot change an imported certificate's names, and a new
 * import means new keys): {@code domain}, the server certificate's name; {@code clientFile},
 * the .ovpn file in the user's directory, found only when that file exists and holds a client
 * certificate this certificate's CA signed. The client's key exists nowhere else, so a file
 * that is missing (another machine, an interrupted first apply, a file deleted) makes the
 * plan replace this certificate, and with it the endpoint, showing why.
 *
 * <p>Discovery asks the Resource Groups Tagging API for the stack's ACM certificates and keeps
 * the imported ones (the ALB's certificate, of type "certificate", is Amazon-issued).
 */
public final class VpnCertificateType implements ManagedType {

    public static final String TYPE = "vpn-certificate";
    public static final Setting DOMAIN = Setting.scalar("domain").replaces();
    public static final Setting CLIENT_FILE = Setting.scalar("clientFile").replaces();
    public static final Schema SCHEMA = Schema.of(TYPE, DOMAIN, CLIENT_FILE);

    static final String CLIENT_FILE_TAG = "ClientFile";
    /** ACM refuses the delete while an endpoint still uses it, for a while after the endpoint is deleted. */
    static final Duration IN_USE_TIMEOUT = Duration.ofMinutes(10);

    private final AcmClient acm;
    private final ResourceGroupsTaggingApiClient tagging;
    private final VpnClientFiles files;
    private final Poll poll;
    private final Progress progress;
    private final Clock clock;

    public VpnCertificateType(
            AcmClient acm,
            ResourceGroupsTaggingApiClient tagging,
            VpnClientFiles files,
            Poll poll,
            Progress progress,
            Clock clock) {
        this.acm = acm;
        this.tagging = tagging;
        this.files = files;
        this.poll = poll;
        this.progress = progress;
        this.clock = clock;
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
            CertificateDetail cert = AwsCall.find(
                            "DescribeCertificate",
                            m.resourceARN(),
                            java.util.Set.of("ResourceNotFoundException"),
                            () -> acm.describeCertificate(r -> r.certificateArn(m.resourceARN()))
                                    .certificate())
                    .orElse(null);
            if (cert == null || !"IMPORTED".equals(cert.typeAsString())) {
                continue;
            }
            String file = tags.getOrDefault(CLIENT_FILE_TAG, "");
            String chain = acm.getCertificate(r -> r.certificateArn(cert.certificateArn()))
                    .certificateChain();
            boolean here = !file.isEmpty()
                    && chain != null
                    && ClientConfigFile.holdsClientOf(files.file(file), firstPem(chain));
            found.add(Actual.of(
                    type(),
                    tags.getOrDefault("Name", cert.domainName()),
                    cert.certificateArn(),
                    Map.of(DOMAIN.key(), cert.domainName(), CLIENT_FILE.key(), here ? file : ""),
                    cert.statusAsString().toLowerCase()));
        }
        return found;
    }

    /** The chain's first certificate: the CA that signed the server certificate (ACM may append more). */
    static String firstPem(String chain) {
        String end = "-----END CERTIFICATE-----";
        int at = chain.indexOf(end);
        return at < 0 ? chain : chain.substring(0, at + end.length());
    }

    /** Makes a new CA, server and client certificate; imports the server's; keeps the set for the endpoint's file. */
    @Override
    public String create(Spec spec, Refs refs, StackScope scope) {
        String file = spec.setting(CLIENT_FILE);
        VpnCertificates certificates =
                VpnCertificates.generate(spec.setting(DOMAIN), clientName(file), clock.instant());
        List<Tag> tags = new ArrayList<>();
        scope.tags(spec.name())
                .forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        tags.add(Tag.builder().key(CLIENT_FILE_TAG).value(file).build());
        String arn = acm.importCertificate(certificates.serverImportRequest().toBuilder()
                        .tags(tags)
                        .build())
                .certificateArn();
        files.made(arn, certificates);
        return arn;
    }

    /** The client certificate's name: {@code my-vpn.ovpn} → {@code my-vpn-client}. */
    static String clientName(String clientFile) {
        return clientFile.replaceFirst("\\.ovpn$", "") + "-client";
    }

    @Override
    public void update(Spec spec, Actual actual, Refs refs, StackScope scope) {
        // every setting replaces
    }

    @Override
    public void delete(Actual actual, StackScope scope) {
        if (inUse(actual) == null) {
            return;
        }
        poll.until(
                "delete " + actual.key(),
                IN_USE_TIMEOUT,
                () -> inUse(actual),
                state -> state == null ? "deleted" : "waiting: " + state,
                state -> state == null,
                progress);
    }

    /** Null once deleted (or gone); AWS's code while an endpoint still holds it. */
    private String inUse(Actual actual) {
        try {
            AwsCall.ignoreNotFound(() -> acm.deleteCertificate(r -> r.certificateArn(actual.id())));
            return null;
        } catch (AwsServiceException e) {
            if ("ResourceInUseException".equals(AwsCall.code(e))) {
                return AwsCall.code(e);
            }
            throw e;
        }
    }
}

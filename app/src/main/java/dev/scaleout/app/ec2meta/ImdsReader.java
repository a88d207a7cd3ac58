package dev.scaleout.app.ec2meta;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataClientException;

/**
 * Reads this instance's metadata from IMDSv2 with the SDK's {@link Ec2MetadataClient}, which
 * fetches and caches the session token itself. Blocking: call it from a background thread only.
 */
final class ImdsReader implements AutoCloseable {

    private static final String BASE = "/latest/meta-data/";
    private static final Pattern REGION_PREFIX = Pattern.compile("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d+");

    private final SdkHttpClient httpClient;
    private final Ec2MetadataClient client;
    private final Clock clock;

    ImdsReader(Duration timeout, Optional<URI> endpoint, Clock clock) {
        this.clock = clock;
        // Short timeouts and no retries: off EC2 we must give up fast; the next refresh retries.
        this.httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(timeout)
                .socketTimeout(timeout)
                .build();
        Ec2MetadataClient.Builder builder =
                Ec2MetadataClient.builder().httpClient(httpClient).retryPolicy(retry -> retry.numRetries(0));
        endpoint.ifPresent(builder::endpoint);
        this.client = builder.build();
    }

    /** One full read; throws if IMDS cannot be reached or a required value is missing. */
    InstanceMetadata read() {
        String instanceId = get("instance-id");
        String availabilityZone = get("placement/availability-zone");
        return new InstanceMetadata(
                InstanceMetadata.Location.ON_EC2,
                instanceId,
                get("instance-type"),
                get("ami-id"),
                optional("placement/region").orElseGet(() -> regionOf(availabilityZone)),
                availabilityZone,
                optional("local-ipv4").orElse(null),
                optional("local-hostname").orElse(null),
                // Absent (404) on instances without a public address.
                optional("public-ipv4").orElse(null),
                optional("public-hostname").orElse(null),
                optional("security-groups").map(ImdsReader::lines).orElse(List.of()),
                clock.instant());
    }

    private String get(String path) {
        return client.get(BASE + path).asString().trim();
    }

    private Optional<String> optional(String path) {
        try {
            String value = get(path);
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (Ec2MetadataClientException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** IMDS lists security groups one name per line. */
    static List<String> lines(String value) {
        return Arrays.stream(value.split("\\R"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Older IMDS lacks placement/region: the AZ starts with the region ("us-west-2-lax-1a" too). */
    static String regionOf(String availabilityZone) {
        Matcher region = REGION_PREFIX.matcher(availabilityZone);
        return region.find() ? region.group() : availabilityZone.replaceFirst("[a-z]$", "");
    }

    @Override
    public void close() {
        client.close();
        httpClient.close();
    }
}

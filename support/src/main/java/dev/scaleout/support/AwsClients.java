package dev.scaleout.support;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Builds every AWS client of a run the same way: the default credential and region chains
 * (checked once, before the first call, so a missing one is a user error and not a stack
 * trace), call and attempt timeouts, the run's call counter, and an optional endpoint
 * (tests point it at moto; users may set the standard {@code AWS_ENDPOINT_URL}).
 */
public final class AwsClients {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Optional<URI> endpoint;
    private final CallCounter counter;
    private final List<ExecutionInterceptor> interceptors;

    public AwsClients(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
        this.region = region;
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.counter = new CallCounter();
        this.interceptors = new ArrayList<>();
        interceptors.add(counter);
    }

    private AwsClients(AwsClients same, Region region) {
        this.region = region;
        this.credentials = same.credentials;
        this.endpoint = same.endpoint;
        this.counter = same.counter;
        this.interceptors = same.interceptors;
    }

    /**
     * The same credentials, endpoint, call counter and interceptors for clients of another
     * region (a stack's second region, such as a VPC peering's requester side): one run, one count.
     */
    public AwsClients inRegion(Region other) {
        return new AwsClients(this, other);
    }

    /**
     * A region the SDK's region metadata lists, global pseudo-regions such as aws-global left
     * out: the one rule both CLIs check --region and the config's region by, so a typo such as
     * "us-eats-1" is refused before the first call. A region newer than the SDK is refused
     * too, until the SDK is updated.
     */
    public static boolean isRegion(String id) {
        return id != null
                && !id.isBlank()
                && Region.regions().stream().anyMatch(r -> r.id().equals(id) && !r.isGlobalRegion());
    }

    /**
     * The region from {@code regionOption} or the default chain, credentials from the
     * default chain; either missing is a user error naming the fix.
     */
    public static AwsClients fromEnvironment(Optional<String> regionOption) {
        Region region = regionOption.filter(r -> !r.isBlank()).map(Region::of).orElseGet(AwsClients::defaultRegion);
        if (!isRegion(region.id())) {
            throw ExitException.userError(
                    "region '" + region.id() + "' is not an AWS region: pass --region, e.g. --region eu-west-1");
        }
        AwsCredentialsProvider credentials =
                DefaultCredentialsProvider.builder().build();
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw ExitException.userError("no AWS credentials found: run 'aws configure' or 'aws sso login', "
                    + "or set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
        }
        return new AwsClients(
                region,
                credentials,
                Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL"))
                        .filter(s -> !s.isBlank())
                        .map(URI::create));
    }

    private static Region defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw ExitException.userError(
                    "no AWS region set: pass --region, or set AWS_REGION, or a region in ~/.aws/config");
        }
    }

    /** Adds an interceptor to every client built after this call (tests use it to cut a run short). */
    public AwsClients intercept(ExecutionInterceptor interceptor) {
        interceptors.add(interceptor);
        return this;
    }

    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> {
                    o.apiCallTimeout(CALL_TIMEOUT).apiCallAttemptTimeout(ATTEMPT_TIMEOUT);
                    interceptors.forEach(o::addExecutionInterceptor);
                });
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public Region region() {
        return region;
    }

    public Optional<URI> endpoint() {
        return endpoint;
    }

    public CallCounter calls() {
        return counter;
    }
}

package dev.scaleout.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** A run's clients for a second region (a VPC peering's): that region, the same endpoint and one call count. */
class AwsClientsRegionTest {

    @Test
    void anotherRegionKeepsTheEndpointAndTheRunsCallCounter() {
        AwsClients run = new AwsClients(
                Region.EU_WEST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")),
                Optional.of(URI.create("http://127.0.0.1:1")));
        AwsClients tokyo = run.inRegion(Region.AP_NORTHEAST_1);
        assertThat(tokyo.region()).isEqualTo(Region.AP_NORTHEAST_1);
        assertThat(run.region()).isEqualTo(Region.EU_WEST_1);
        assertThat(tokyo.endpoint()).isEqualTo(run.endpoint());
        assertThat(tokyo.calls()).isSameAs(run.calls());
    }
}

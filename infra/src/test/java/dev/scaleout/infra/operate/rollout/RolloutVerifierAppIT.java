package dev.scaleout.infra.operate.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scaleout.infra.operate.OperateJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rollout's last check against two real app instances, each reading its instance id and
 * AMI id from its own IMDS emulator, one of them still on the old AMI, behind a round-robin
 * proxy in the ALB's place: the verifier goes through one URL, as it does on AWS.
 */
class RolloutVerifierAppIT {

    static final String NEW_AMI = "ami-0new0000000000001";
    static final String OLD_AMI = "ami-0old0000000000001";
    static final String FRESH = "i-0fresh00000000001";
    static final String STALE = "i-0stale00000000001";

    static LocalProcesses.Running freshImds;
    static LocalProcesses.Running staleImds;
    static LocalProcesses.Running freshApp;
    static LocalProcesses.Running staleApp;
    static RoundRobinProxy alb;

    @BeforeAll
    static void startFleet() {
        freshImds = LocalProcesses.imds(FRESH, NEW_AMI);
        staleImds = LocalProcesses.imds(STALE, OLD_AMI);
        freshApp = LocalProcesses.app(freshImds);
        staleApp = LocalProcesses.app(staleImds);
        awaitOnEc2(freshApp);
        awaitOnEc2(staleApp);
        alb = new RoundRobinProxy(List.of(freshApp.url(), staleApp.url()));
    }

    @AfterAll
    static void stopFleet() {
        for (AutoCloseable c : new AutoCloseable[] {alb, freshApp, staleApp, freshImds, staleImds}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort: the others still get closed
            }
        }
    }

    @Test
    void theStaleInstanceFailsTheRolloutWithItsIdAndAmi() {
        RolloutVerifier.Verification v = RolloutVerifier.standard().verify(alb.url(), Set.of(FRESH, STALE), NEW_AMI);

        assertThat(v.passed()).isFalse();
        assertThat(v.amiByInstance()).containsExactlyInAnyOrderEntriesOf(Map.of(FRESH, NEW_AMI, STALE, OLD_AMI));
        assertThat(v.stale()).containsExactly(Map.entry(STALE, OLD_AMI));
        assertThat(v.notReached()).isEmpty();
        assertThat(v.problems()).isEqualTo("still on an old AMI: " + STALE + " (" + OLD_AMI + ")");
    }

    @Test
    void anInServiceInstanceThatNeverAnswersFailsItToo() {
        String gone = "i-0gone000000000001";

        RolloutVerifier.Verification v = RolloutVerifier.standard().verify(alb.url(), Set.of(FRESH, gone), NEW_AMI);

        assertThat(v.notReached()).containsExactly(gone);
        assertThat(v.requests()).isEqualTo(20); // the whole budget was spent looking for it
        assertThat(v.passed()).isFalse();
    }

    @Test
    void throughTheFreshInstanceAloneTheRolloutPasses() {
        RolloutVerifier.Verification v =
                RolloutVerifier.standard().verify(URI.create(freshApp.url()), Set.of(FRESH), NEW_AMI);

        assertThat(v.passed()).isTrue();
        assertThat(v.amiByInstance()).containsExactly(Map.entry(FRESH, NEW_AMI));
    }

    /** The app answers PROBING until its first IMDS read: wait for ON_EC2 so the test sees steady state. */
    private static void awaitOnEc2(LocalProcesses.Running app) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String location = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(app.url() + "/api/instance"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    JsonNode report = OperateJson.mapper().readTree(r.body());
                    location = report.get("location").asText();
                    if ("ON_EC2".equals(location)) {
                        return;
                    }
                }
            } catch (Exception notYet) {
                // starting
            }
            LocalProcesses.sleep(200);
        }
        throw new IllegalStateException("the app on " + app.url() + " did not report ON_EC2 within 30 s (last: "
                + location + "); its log: " + app.log());
    }
}

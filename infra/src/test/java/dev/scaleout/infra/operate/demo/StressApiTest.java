package dev.scaleout.infra.operate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scaleout.infra.operate.OperateJson;
import dev.scaleout.infra.operate.timeline.Event;
import dev.scaleout.support.ExitException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The app's endpoints as the demo calls them through the load balancer (here a local stand-in). */
class StressApiTest {

    static final String TOKEN = "tok-api-test-2c71";
    static final Instant NOW = Instant.parse("2026-11-26T01:30:00Z");

    FakeApp app;
    StressApi api;

    @BeforeEach
    void startApp() throws Exception {
        app = new FakeApp(TOKEN, Clock.fixed(NOW, ZoneOffset.UTC), "i-0aaa");
        api = new StressApi(HttpClient.newHttpClient(), app.url(), TOKEN, Duration.ofSeconds(5));
    }

    @AfterEach
    void stopApp() {
        app.close();
    }

    @Test
    void startSendsTheBodyTheStressApiTakesWithTheBearerToken() throws Exception {
        StressApi.Started started = api.start(300, 1, 80);

        FakeApp.Request post = app.requests("POST", "/api/stress/cpu").get(0);
        assertThat(post.authorization()).isEqualTo("Bearer " + TOKEN);
        JsonNode body = OperateJson.mapper().readTree(post.body());
        assertThat(body.get("seconds").asInt()).isEqualTo(300);
        assertThat(body.get("cores").asInt()).isEqualTo(1);
        assertThat(body.get("load").asInt()).isEqualTo(80);
        assertThat(started.endsAt()).isEqualTo(NOW.plusSeconds(600).toString()); // as the app answered
    }

    @Test
    void withoutCoresTheAppsDefaultOfEveryProcessorApplies() throws Exception {
        api.start(600, null, 100);

        assertThat(OperateJson.mapper()
                        .readTree(app.requests("POST", "/api/stress/cpu").get(0).body())
                        .has("cores"))
                .isFalse();
    }

    @Test
    void aBurnLeftFromAnEarlierRunIsStoppedAndTheStartTriedOnceMore() {
        app.conflicts = 1;

        api.start(600, null, 100);

        assertThat(app.requests).extracting(FakeApp.Request::method).containsExactly("POST", "DELETE", "POST");
    }

    @Test
    void aDisabledStressApiIsExit1SayingHowToTurnItOn() {
        app.stressStatus = 403;

        assertThatThrownBy(() -> api.start(600, null, 100))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(1))
                .hasMessageContaining("answered HTTP 403 (The stress API is disabled on this instance")
                .hasMessageContaining("set instances.stressTokenParameter and apply");
    }

    @Test
    void anAlbErrorPageOnTheFleetIsNoServedRequest() {
        app.fleetStatus = 502;

        assertThat(api.fleetPage()).isEmpty();
    }

    @Test
    void theFleetPageNamesTheInstanceThatServedItAtTheAppsTime() {
        app.servedBy = "i-0new";

        assertThat(api.fleetPage()).contains(Event.served(NOW, "i-0new"));
    }

    @Test
    void nobodyListeningIsExit1NamingTheRequestAndTheUrl() {
        StressApi nowhere = new StressApi(
                HttpClient.newHttpClient(), URI.create("http://127.0.0.1:9"), TOKEN, Duration.ofSeconds(2));

        assertThatThrownBy(() -> nowhere.start(600, null, 100))
                .isInstanceOfSatisfying(
                        ExitException.class, e -> assertThat(e.code()).isEqualTo(1))
                .hasMessageStartingWith("POST /api/stress/cpu at http://127.0.0.1:9 failed: ConnectException")
                .hasMessageNotContaining(TOKEN);
    }
}

package dev.scaleout.app.stress;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.scaleout.app.testsupport.DatabaseResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A partial load really is that load: the process CPU during a run, minus the JVM's own idle
 * CPU measured just before, is within 5 points of load x cores (in percent of one core).
 *
 * <p>The build machine is shared. The burner makes up for CPU it lost to other processes,
 * but it cannot take more than the scheduler gives; so a shortfall fails the test only if
 * the machine had idle CPU the burner left unused. On a saturated machine (under 5 % idle)
 * a shortfall aborts the test as inconclusive, with the figures. Overshoot always fails.
 */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@TestProfile(StressProfiles.Enabled.class)
class StressDutyCycleIT {

    private static final double TOLERANCE = 5.0;
    private static final Duration BASELINE = Duration.ofSeconds(2);
    private static final Duration RAMP = Duration.ofSeconds(1);
    private static final Duration WINDOW = Duration.ofSeconds(4);

    @AfterEach
    void stop() throws InterruptedException {
        given().delete("/api/stress");
        BurnThreads.endWithin(Duration.ofSeconds(2));
    }

    @ParameterizedTest(name = "load={0} cores={1}")
    @CsvSource({"50, 1", "30, 2"})
    void measuredCpuMatchesTheTarget(int load, int cores) throws InterruptedException {
        assumeThat(Runtime.getRuntime().availableProcessors()).isGreaterThanOrEqualTo(cores);
        assertThat(BurnThreads.alive()).isEmpty();
        Thread.sleep(500); // let the previous test's requests settle

        CpuSample idleStart = CpuSample.now();
        Thread.sleep(BASELINE.toMillis());
        double idle = CpuSample.now().processPercentSince(idleStart);

        given().contentType(ContentType.JSON)
                .body("{\"seconds\": 10, \"cores\": " + cores + ", \"load\": " + load + "}")
                .post("/api/stress/cpu")
                .then()
                .statusCode(202);
        Thread.sleep(RAMP.toMillis());
        CpuSample runStart = CpuSample.now();
        Thread.sleep(WINDOW.toMillis());
        CpuSample runEnd = CpuSample.now();

        double measured = runEnd.processPercentSince(runStart) - idle;
        double machineIdle = runEnd.machineIdlePercentSince(runStart);
        int target = load * cores;
        String figures = String.format(
                "load=%d cores=%d: target %d%%, measured %.1f%% (JVM idle baseline %.1f%%, machine idle %.1f%%)",
                load, cores, target, measured, idle, machineIdle);
        System.out.println("duty cycle " + figures);

        assertThat(measured).as("overshoot; " + figures).isLessThanOrEqualTo(target + TOLERANCE);
        if (measured < target - TOLERANCE && machineIdle >= 0) {
            assumeThat(machineIdle)
                    .as("machine saturated by other processes, accuracy inconclusive; " + figures)
                    .isGreaterThanOrEqualTo(5.0);
        }
        assertThat(measured).as(figures).isCloseTo(target, within(TOLERANCE));
    }
}

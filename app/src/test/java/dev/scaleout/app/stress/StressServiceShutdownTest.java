package dev.scaleout.app.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shutdown path, without Quarkus: driving a real application stop from a test is
 * impractical, so this calls what Quarkus calls (the ShutdownEvent observer and @PreDestroy).
 */
class StressServiceShutdownTest {

    private final StressService service = new StressService(new SimpleMeterRegistry());

    @AfterEach
    void cleanUp() {
        service.stop();
    }

    @Test
    void shutdownEventStopsALongBurn() throws InterruptedException {
        service.start(new StressPlan(3600, 1, 100));
        assertThat(BurnThreads.alive()).hasSize(1).allMatch(Thread::isDaemon);

        service.onShutdown(new ShutdownEvent());

        assertThat(BurnThreads.endWithin(Duration.ofSeconds(2))).isTrue();
        assertThat(service.state().state()).isEqualTo(StressState.Status.IDLE);
    }

    @Test
    void preDestroyStopsASleepingBurn() throws InterruptedException {
        service.start(new StressPlan(3600, 1, 1)); // mostly asleep: the interrupt must wake it
        service.shutdown();
        assertThat(BurnThreads.endWithin(Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void shutdownWhenIdleIsHarmless() {
        service.shutdown();
        assertThat(service.state().state()).isEqualTo(StressState.Status.IDLE);
    }
}

package dev.scaleout.app.stress;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs at most one CPU burn at a time and reports it, also as gauges for /q/metrics.
 * Started at boot so the gauges read 0 before the first burn.
 */
@Startup
@ApplicationScoped
public class StressService {

    private static final Logger LOG = Logger.getLogger(StressService.class);

    private volatile CpuBurn current; // written under the lock, read freely

    public StressService(MeterRegistry registry) {
        Gauge.builder("stress.active", this, s -> s.active().isPresent() ? 1 : 0)
                .description("1 while a CPU stress burn runs, else 0")
                .register(registry);
        Gauge.builder(
                        "stress.target.load.percent",
                        this,
                        s -> s.active().map(b -> b.plan().load()).orElse(0))
                .description("Duty cycle per burning thread, in percent")
                .register(registry);
        Gauge.builder(
                        "stress.cores",
                        this,
                        s -> s.active().map(b -> b.plan().cores()).orElse(0))
                .description("Threads burning CPU")
                .register(registry);
    }

    /** Starts the burn, or throws {@link AlreadyRunning} while another one runs. */
    public synchronized StressState start(StressPlan plan) {
        if (active().isPresent()) {
            throw new AlreadyRunning();
        }
        current = CpuBurn.start(plan);
        LOG.infof("CPU stress started: %d s on %d cores at %d%%", plan.seconds(), plan.cores(), plan.load());
        return state();
    }

    /** Stops the running burn, if any; safe to call at any time. */
    public synchronized StressState stop() {
        CpuBurn burn = current;
        if (burn != null) {
            boolean wasRunning = burn.isRunning();
            burn.stop();
            current = null;
            if (wasRunning) {
                LOG.info("CPU stress stopped on request");
            }
        }
        return state();
    }

    public StressState state() {
        int available = availableCores();
        return active().map(b -> StressState.running(b, available)).orElseGet(() -> StressState.idle(available));
    }

    public int availableCores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Whatever the clients do, no burn survives the application. */
    void onShutdown(@Observes ShutdownEvent event) {
        shutdown();
    }

    @PreDestroy
    void shutdown() {
        CpuBurn burn;
        synchronized (this) {
            burn = current;
            current = null;
        }
        if (burn != null) {
            burn.stop();
            try {
                if (!burn.awaitTermination(Duration.ofSeconds(1))) {
                    LOG.warn("CPU stress threads still ending at shutdown (they are daemons and will not block exit)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Optional<CpuBurn> active() {
        CpuBurn burn = current;
        return burn != null && burn.isRunning() ? Optional.of(burn) : Optional.empty();
    }

    /** A burn is already running; the client must stop it first. */
    public static final class AlreadyRunning extends RuntimeException {
        AlreadyRunning() {
            super("a CPU stress burn is already running", null, false, false);
        }
    }
}

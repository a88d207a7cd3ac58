package dev.scaleout.app.fleet;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Counts the requests this instance served, in memory: no database write per request.
 * The heartbeat writes the count and subtracts only what it wrote, so requests served while
 * the database is down are written when it returns. The buffer is one number: bounded.
 * Only the app's own endpoints count; health checks and metrics under /q are not JAX-RS.
 */
@ApplicationScoped
public class RequestCounter {

    private final LongAdder unwritten = new LongAdder();

    RequestCounter(MeterRegistry registry) {
        // Grows only while the database is unreachable: the outage backlog, visible in /q/metrics.
        Gauge.builder("fleet.requests.unwritten", unwritten, LongAdder::sum)
                .description("Requests served and not yet written to the fleet database")
                .strongReference(true) // Micrometer holds gauge state weakly by default
                .register(registry);
    }

    @ServerResponseFilter
    void count() {
        unwritten.increment();
    }

    /** Requests served and not yet written to the database. */
    public long unwritten() {
        return unwritten.sum();
    }

    /** The heartbeat wrote {@code count} requests; later ones stay pending. */
    void written(long count) {
        unwritten.add(-count);
    }
}

package dev.scaleout.app.fleet;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests this instance served, in memory: no database write per request.
 * Counted at the HTTP layer when the response headers go out, so every answer counts, the
 * health page's, a 503's and a 413's alike; health checks and metrics under /q do not.
 * The heartbeat writes the running total (idempotently, see {@link Heartbeat}), so requests
 * served while the database is down are written when it returns. The buffer is one number.
 */
@ApplicationScoped
public class RequestCounter {

    private final LongAdder served = new LongAdder();
    private final AtomicLong written = new AtomicLong();

    RequestCounter(MeterRegistry registry) {
        // Grows only while the database is unreachable: the outage backlog, visible in /q/metrics.
        Gauge.builder("fleet.requests.unwritten", this, RequestCounter::unwritten)
                .description("Requests served and not yet written to the fleet database")
                .strongReference(true) // Micrometer holds gauge state weakly by default
                .register(registry);
    }

    void register(@Observes Filters filters) {
        // Runs first for every request; counts when the answer's headers are written.
        filters.register(
                ctx -> {
                    if (!ctx.normalizedPath().startsWith("/q/")) {
                        ctx.addHeadersEndHandler(ignored -> served.increment());
                    }
                    ctx.next();
                },
                Integer.MAX_VALUE);
    }

    /** Requests served since the app started. */
    long served() {
        return served.sum();
    }

    /** Requests served and not yet written to the database. */
    public long unwritten() {
        return served.sum() - written.get();
    }

    /** The heartbeat wrote the running total up to {@code total}. */
    void written(long total) {
        written.accumulateAndGet(total, Math::max);
    }
}

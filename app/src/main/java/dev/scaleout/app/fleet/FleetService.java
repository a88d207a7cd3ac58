package dev.scaleout.app.fleet;

import dev.scaleout.app.database.DatabaseConfig;
import dev.scaleout.app.ec2meta.InstanceMetadataService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Reads the fleet from the heartbeat table: one query, split into live and gone. Reads are
 * shared for {@code fleet.read-cache}: heartbeats change every few seconds, and a crowd on
 * the ALB's front page must not turn into a query per request on RDS.
 *
 * <p>Reads run on one thread of their own, and a caller waits for one at most
 * {@code database.timeout}, whatever the driver, the pool or the credentials do: a frozen or
 * slow database costs a page at most that long. When a read fails or is late, the last good
 * read is served with the time the database stopped answering; without one, the caller gets
 * {@link Unavailable}. While the database is known to be down and a read is already trying,
 * callers do not wait at all.
 */
@ApplicationScoped
public class FleetService {

    private static final Logger LOG = Logger.getLogger(FleetService.class);

    private final FleetConfig config;
    private final InstanceMetadataService metadata;
    private final SchemaMigrator schema;
    private final Duration timeout;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "fleet-read");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Fleet last;
    private volatile Instant unreachableSince;
    private CompletableFuture<Fleet> inFlight; // guarded by this
    private Instant inFlightSince; // guarded by this

    FleetService(FleetConfig config, InstanceMetadataService metadata, SchemaMigrator schema, DatabaseConfig database) {
        this.config = config;
        this.metadata = metadata;
        this.schema = schema;
        this.timeout = database.timeout();
    }

    /**
     * The first read (a cold ORM and driver) is slow: the heartbeat calls this once the schema
     * is there, so the first visitor does not wait for it.
     */
    void warmUp() {
        synchronized (this) {
            if (last == null && (inFlight == null || inFlight.isDone())) {
                inFlightSince = clock.instant();
                inFlight = CompletableFuture.supplyAsync(this::readAndKeep, reader);
            }
        }
    }

    /** The fleet, fresh or (while the database does not answer) the last good read. */
    public Fleet fleet() {
        Fleet read = last;
        Instant now = clock.instant();
        if (read != null && unreachableSince == null && now.isBefore(read.at().plus(config.readCache()))) {
            return read.servedAt(now);
        }
        CompletableFuture<Fleet> pending;
        synchronized (this) {
            if (inFlight != null && !inFlight.isDone() && unreachableSince != null) {
                return lastOrUnavailable(now); // known outage, a read is already trying: no waiting
            }
            if (inFlight == null || inFlight.isDone()) {
                inFlightSince = now;
                inFlight = CompletableFuture.supplyAsync(this::readAndKeep, reader);
            }
            pending = inFlight;
        }
        try {
            return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS).servedAt(clock.instant());
        } catch (ExecutionException | TimeoutException e) {
            markUnreachable(e);
            return lastOrUnavailable(clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable();
        }
    }

    private Fleet lastOrUnavailable(Instant now) {
        Fleet read = last;
        Instant since = unreachableSince;
        if (read == null) {
            throw new Unavailable();
        }
        return read.servedStale(now, since == null ? now : since);
    }

    private synchronized void markUnreachable(Exception e) {
        if (unreachableSince == null) {
            unreachableSince = inFlightSince;
            LOG.debugf("fleet read failed or took over %d ms: %s", timeout.toMillis(), e);
        }
    }

    private Fleet readAndKeep() {
        schema.migrateOnce();
        // No transaction timeout of its own: the JDBC socket timeout bounds every round trip, and
        // callers stop waiting after database.timeout whatever this thread still does.
        Fleet read = QuarkusTransaction.requiringNew().call(this::read);
        last = read;
        unreachableSince = null;
        return read;
    }

    private Fleet read() {
        Instant now = clock.instant();
        Instant liveSince = now.minus(config.liveWindow());
        String self = FleetIdentity.of(metadata.current());
        double beatSeconds = config.heartbeatInterval().toMillis() / 1000.0;
        List<FleetMember> live = new ArrayList<>();
        List<FleetMember> gone = new ArrayList<>();
        List<FleetInstance> rows = FleetInstance.list("lastSeen >= ?1", now.minus(config.goneWindow()));
        for (FleetInstance row : rows) {
            boolean isLive = !row.lastSeen.isBefore(liveSince);
            (isLive ? live : gone).add(member(row, self, beatSeconds));
        }
        // Oldest first, so a new instance appears at the bottom during a scale-out demo.
        live.sort(Comparator.comparing(FleetMember::startedAt).thenComparing(FleetMember::instanceId));
        gone.sort(Comparator.comparing(FleetMember::lastSeen).reversed());
        return new Fleet(now, now, self, null, live, gone);
    }

    private static FleetMember member(FleetInstance row, String self, double beatSeconds) {
        return new FleetMember(
                row.instanceId,
                row.availabilityZone,
                row.privateIp,
                row.amiId,
                row.appVersion,
                row.startedAt,
                row.lastSeen,
                row.cpuPercent,
                row.requestsLastBeat,
                row.requestsTotal,
                Math.round(row.requestsLastBeat / beatSeconds * 10) / 10.0,
                row.instanceId.equals(self));
    }

    @PreDestroy
    void stop() {
        reader.shutdown(); // no interrupt: a read in progress ends by its own timeouts (daemon thread)
    }

    /** The database did not answer in time and there is no earlier read to show. */
    public static final class Unavailable extends RuntimeException {
        Unavailable() {
            super("the fleet database did not answer", null, false, false);
        }
    }
}

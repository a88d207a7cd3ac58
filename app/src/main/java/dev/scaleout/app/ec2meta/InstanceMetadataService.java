package dev.scaleout.app.ec2meta;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Holds the latest instance metadata. Readers never wait on IMDS: they get what the last
 * background read found. The first read starts with the app (without delaying it) and
 * repeats every {@code ec2meta.refresh-interval}.
 */
@ApplicationScoped
public class InstanceMetadataService {

    private static final Logger LOG = Logger.getLogger(InstanceMetadataService.class);

    private final Ec2MetaConfig config;
    private final Clock clock = Clock.systemUTC();
    private final MetadataHolder holder = new MetadataHolder();
    private ScheduledExecutorService refresher;
    private volatile ImdsReader reader; // only touched by the refresher thread, and at shutdown after it ends
    private int unansweredReads; // only touched by the refresher thread

    InstanceMetadataService(Ec2MetaConfig config) {
        this.config = config;
    }

    public InstanceMetadata current() {
        return holder.current();
    }

    /** True while refreshes fail after a good read; {@link #current()} is then the last good data. */
    public boolean stale() {
        return holder.stale();
    }

    void start(@Observes StartupEvent event) {
        if (config.imds().disabled()) {
            holder.disabled(clock.instant());
            LOG.info("IMDS disabled (AWS_EC2_METADATA_DISABLED / ec2meta.imds.disabled): not on EC2");
            return;
        }
        // Our own single thread rather than @Scheduled: the first read must start at once, not on
        // the scheduler's next tick, and reads must never overlap.
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ec2meta-refresh");
            thread.setDaemon(true);
            return thread;
        });
        refresher.execute(this::refreshAndReschedule);
    }

    void stop(@Observes ShutdownEvent event) {
        if (refresher != null) {
            refresher.shutdownNow();
            try {
                refresher.awaitTermination(config.imds().timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (reader != null) {
                reader.close();
            }
        }
    }

    private void refreshAndReschedule() {
        refresh();
        try {
            refresher.schedule(this::refreshAndReschedule, nextDelay().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // shutting down
        }
    }

    /**
     * Until IMDS has answered once, retry soon (1, 2, 4 ... s, at most the refresh interval):
     * a first read that timed out on a busy instance must not leave it "not on EC2" for a
     * whole interval. Off EC2 this costs a handful of refused connections.
     */
    private Duration nextDelay() {
        if (current().onEc2()) {
            return config.refreshInterval();
        }
        Duration backoff = Duration.ofSeconds(1L << Math.min(unansweredReads++, 10));
        return backoff.compareTo(config.refreshInterval()) < 0 ? backoff : config.refreshInterval();
    }

    private void refresh() {
        try {
            if (reader == null) { // built here, off the start-up path: loading the SDK takes time
                reader = new ImdsReader(config.imds().timeout(), config.imds().endpoint(), clock);
            }
            InstanceMetadata read = reader.read();
            switch (holder.succeeded(read)) {
                case FIRST_READ ->
                    LOG.infof("On EC2: %s (%s) in %s", read.instanceId(), read.instanceType(), read.availabilityZone());
                case RECOVERED -> LOG.info("IMDS answers again; metadata refreshed");
                default -> {}
            }
        } catch (RuntimeException e) {
            switch (holder.failed(clock.instant())) {
                case NOT_ON_EC2 -> LOG.infof("Not on EC2: IMDS unreachable (%s)", describe(e));
                case OUTAGE_STARTED ->
                    LOG.warnf(
                            "IMDS refresh failed, keeping the last good metadata until it" + " answers again (%s)",
                            describe(e));
                default -> LOG.debugf("IMDS refresh failed again (%s)", describe(e));
            }
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getClass().getSimpleName() + ": " + root;
    }
}

package dev.scaleout.app.fleet;

import dev.scaleout.app.ec2meta.AppInfo;
import dev.scaleout.app.ec2meta.InstanceMetadata;
import dev.scaleout.app.ec2meta.InstanceMetadataService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Registers this instance and writes its heartbeat: where it runs, its CPU, and the requests
 * served since the last beat. A failed beat loses nothing: the counts stay pending. A beat
 * writes this process's running total (run id + count), not an increment, so a beat that
 * timed out after the database committed it is not counted twice when it is written again.
 */
@ApplicationScoped
public class Heartbeat {

    private static final Logger LOG = Logger.getLogger(Heartbeat.class);

    private final InstanceMetadataService metadata;
    private final RequestCounter counter;
    private final SchemaMigrator schema;
    private final AppInfo app;
    private final String runId = UUID.randomUUID().toString();
    private volatile boolean failing;

    private final FleetService fleet;

    Heartbeat(
            InstanceMetadataService metadata,
            RequestCounter counter,
            SchemaMigrator schema,
            AppInfo app,
            FleetService fleet) {
        this.fleet = fleet;
        this.metadata = metadata;
        this.counter = counter;
        this.schema = schema;
        this.app = app;
    }

    @Scheduled(every = "${fleet.heartbeat-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beat() {
        InstanceMetadata instance = metadata.current();
        if (instance.location() == InstanceMetadata.Location.PROBING) {
            return; // wait (under a second) for IMDS, or the instance would register under two ids
        }
        long served = counter.served();
        long pending = counter.unwritten();
        try {
            schema.migrateOnce();
            QuarkusTransaction.requiringNew().run(() -> write(instance, served));
            counter.written(served);
            fleet.warmUp();
            if (failing) {
                LOG.infof("heartbeat written again; %d pending requests recorded", pending);
                failing = false;
            }
        } catch (Exception e) {
            if (!failing) { // once per outage, not every few seconds
                LOG.warnf(
                        "heartbeat not written, requests stay counted in memory until the database answers: %s",
                        rootMessage(e));
                failing = true;
            }
        }
    }

    private void write(InstanceMetadata instance, long served) {
        String id = FleetIdentity.of(instance);
        FleetInstance row = FleetInstance.findById(id);
        if (row == null) {
            row = new FleetInstance();
            row.instanceId = id;
            row.startedAt = app.startedAt();
        }
        row.availabilityZone = instance.availabilityZone();
        row.privateIp = instance.onEc2() ? instance.privateIpv4() : FleetIdentity.localAddress();
        row.amiId = instance.amiId();
        row.appVersion = app.version();
        row.lastSeen = Instant.now();
        row.cpuPercent = CpuLoad.percent();
        if (!runId.equals(row.runId)) { // first beat of this process: the row holds none of its requests
            row.runId = runId;
            row.runRequests = 0;
        }
        long requests = served - row.runRequests;
        row.requestsLastBeat = requests;
        row.requestsTotal += requests;
        row.runRequests = served;
        row.persist();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}

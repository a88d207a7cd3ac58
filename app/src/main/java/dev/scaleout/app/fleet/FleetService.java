package dev.scaleout.app.fleet;

import dev.scaleout.app.ec2meta.InstanceMetadataService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the fleet from the heartbeat table: one query, split into live and gone. Reads are
 * shared for {@code fleet.read-cache}: heartbeats change every few seconds, and a crowd on
 * the ALB's front page must not turn into a query per request on RDS.
 */
@ApplicationScoped
public class FleetService {

    private final FleetConfig config;
    private final InstanceMetadataService metadata;
    private final SchemaMigrator schema;
    private final RecentValue<Fleet> recent;

    FleetService(FleetConfig config, InstanceMetadataService metadata, SchemaMigrator schema) {
        this.config = config;
        this.metadata = metadata;
        this.schema = schema;
        this.recent = new RecentValue<>(this::read, config.readCache(), Clock.systemUTC());
    }

    public Fleet fleet() {
        return recent.get();
    }

    private Fleet read() {
        schema.migrateOnce();
        Instant now = Instant.now();
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
        return new Fleet(now, self, live, gone);
    }

    private static FleetMember member(FleetInstance row, String self, double beatSeconds) {
        return new FleetMember(row.instanceId, row.availabilityZone, row.privateIp, row.amiId, row.appVersion,
                row.startedAt, row.lastSeen, row.cpuPercent, row.requestsLastBeat, row.requestsTotal,
                Math.round(row.requestsLastBeat / beatSeconds * 10) / 10.0, row.instanceId.equals(self));
    }
}

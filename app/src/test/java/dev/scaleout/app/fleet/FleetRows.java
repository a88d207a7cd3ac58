package dev.scaleout.app.fleet;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Instant;
import java.util.Optional;

/** Reads and writes heartbeat rows directly, as another instance of the fleet would. */
final class FleetRows {

    private FleetRows() {}

    static Optional<FleetInstance> find(String instanceId) {
        return QuarkusTransaction.requiringNew().call(() -> FleetInstance.<FleetInstance>findByIdOptional(instanceId));
    }

    static void put(String instanceId, Instant startedAt, Instant lastSeen, long requestsTotal) {
        Arc.container().instance(SchemaMigrator.class).get().migrateOnce();
        QuarkusTransaction.requiringNew().run(() -> {
            FleetInstance.deleteById(instanceId);
            FleetInstance row = new FleetInstance();
            row.instanceId = instanceId;
            row.availabilityZone = "ap-northeast-2c";
            row.privateIp = "10.1.3.10";
            row.amiId = "ami-0123456789abcdef0";
            row.appVersion = "0.0.9";
            row.startedAt = startedAt;
            row.lastSeen = lastSeen;
            row.cpuPercent = 42.0;
            row.requestsLastBeat = 10;
            row.requestsTotal = requestsTotal;
            row.persist();
        });
    }
}

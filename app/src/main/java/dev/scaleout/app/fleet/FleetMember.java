package dev.scaleout.app.fleet;

import java.time.Instant;

/** One instance as the fleet page and {@code /api/fleet} show it. */
public record FleetMember(
        String instanceId,
        String availabilityZone,
        String privateIp,
        String amiId,
        String appVersion,
        Instant startedAt,
        Instant lastSeen,
        Double cpuPercent,
        long requestsLastBeat,
        long requestsTotal,
        double requestsPerSecond,
        boolean self) {
}

package dev.scaleout.app.fleet;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One instance as the fleet page and {@code /api/fleet} show it. */
@Schema(name = "FleetMember", description = "One instance's last heartbeat.")
public record FleetMember(
        @Schema(required = true, description = "EC2 instance id, or local-<host>-<pid> off EC2")
        String instanceId,

        @Schema(nullable = true) String availabilityZone,
        @Schema(nullable = true) String privateIp,
        @Schema(nullable = true) String amiId,
        @Schema(nullable = true) String appVersion,
        @Schema(required = true) Instant startedAt,
        @Schema(required = true) Instant lastSeen,

        @Schema(nullable = true, description = "CPU in percent at the last heartbeat")
        Double cpuPercent,

        @Schema(required = true) long requestsLastBeat,
        @Schema(required = true) long requestsTotal,
        @Schema(required = true) double requestsPerSecond,

        @Schema(required = true, description = "True for the instance that served this answer")
        boolean self) {}

package dev.scaleout.app.fleet;

import java.time.Instant;
import java.util.List;

/**
 * The fleet at one moment: instances seen within the live window, and those that stopped
 * beating recently (scaled in, replaced, or crashed).
 */
public record Fleet(Instant at, String servedBy, List<FleetMember> live, List<FleetMember> gone) {

    public long liveRequestsLastBeat() {
        return live.stream().mapToLong(FleetMember::requestsLastBeat).sum();
    }

    /** This member's share of the live fleet's requests in the last beat, in percent. */
    public long sharePercent(FleetMember member) {
        long total = liveRequestsLastBeat();
        return total == 0 ? 0 : Math.round(100.0 * member.requestsLastBeat() / total);
    }
}

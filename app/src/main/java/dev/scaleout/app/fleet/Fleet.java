package dev.scaleout.app.fleet;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The fleet as read from the database at {@code at}: instances seen within the live window,
 * and those that stopped beating recently (scaled in, replaced, or crashed). While the
 * database does not answer, the last read is served with {@code databaseUnreachableSince}.
 */
@Schema(name = "Fleet", description = "Every instance's heartbeat, live and recently gone.")
public record Fleet(
        @Schema(required = true, description = "When this data was read from the database (\"showing data from\")")
        Instant at,

        @Schema(required = true, description = "When this answer was served; ages are measured from here")
        Instant servedAt,

        @Schema(required = true, description = "The instance that served this answer")
        String servedBy,

        @Schema(
                nullable = true,
                description = "Set while the database does not answer and the last read is served: "
                        + "since when it has not answered")
        Instant databaseUnreachableSince,

        @Schema(required = true, description = "Instances seen within the live window, oldest first")
        List<FleetMember> live,

        @Schema(required = true, description = "Instances that stopped beating within the gone window, latest first")
        List<FleetMember> gone) {

    /** This read, served now. */
    Fleet servedAt(Instant now) {
        return new Fleet(at, now, servedBy, null, live, gone);
    }

    /** This read, served now although the database has not answered since {@code since}. */
    Fleet servedStale(Instant now, Instant since) {
        return new Fleet(at, now, servedBy, since, live, gone);
    }

    public long liveRequestsLastBeat() {
        return live.stream().mapToLong(FleetMember::requestsLastBeat).sum();
    }

    /** This member's share of the live fleet's requests in the last beat, in percent. */
    public long sharePercent(FleetMember member) {
        long total = liveRequestsLastBeat();
        return total == 0 ? 0 : Math.round(100.0 * member.requestsLastBeat() / total);
    }

    /** Width of the share bar: half a pixel per percent keeps the table within 1280 px. */
    public long shareBarPixels(FleetMember member) {
        return sharePercent(member) / 2;
    }
}

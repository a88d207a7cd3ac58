package dev.scaleout.app.stress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the stress API reports: the current burn, if any. */
@Schema(name = "StressState")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StressState(
        @Schema(
                required = true,
                enumeration = {"idle", "running"})
        Status state,

        @Schema(required = true, description = "Duty cycle per thread in percent; 0 when idle.")
        int load,

        @Schema(required = true, description = "Burning threads; 0 when idle.")
        int cores,

        @Schema(required = true, description = "Requested duration; 0 when idle.")
        int seconds,

        @Schema(required = true, description = "Seconds until the burn stops by itself; 0 when idle.")
        long remainingSeconds,

        @Schema(required = true, description = "Processors available to the app: the maximum for cores.")
        int availableCores,

        @Schema(description = "When the running burn started.")
        Instant startedAt,

        @Schema(description = "When the running burn stops by itself.")
        Instant endsAt) {

    public enum Status {
        IDLE,
        RUNNING;

        @JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static StressState idle(int availableCores) {
        return new StressState(Status.IDLE, 0, 0, 0, 0, availableCores, null, null);
    }

    static StressState running(CpuBurn burn, int availableCores) {
        StressPlan plan = burn.plan();
        long remaining = (burn.remaining().toMillis() + 999) / 1000; // round up: 0 only when over
        return new StressState(
                Status.RUNNING,
                plan.load(),
                plan.cores(),
                plan.seconds(),
                remaining,
                availableCores,
                burn.startedAt(),
                burn.endsAt());
    }
}

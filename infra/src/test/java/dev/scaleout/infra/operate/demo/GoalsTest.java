package dev.scaleout.infra.operate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.operate.timeline.Event;
import dev.scaleout.infra.operate.timeline.Timeline;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoalsTest {

    static final Instant T0 = Instant.parse("2026-11-26T01:00:00Z");

    static Timeline scaleOut(long pendingAfter, long healthyAfter) {
        return Timeline.compute(List.of(
                Event.stressStarted(T0),
                Event.baseline(T0, "i-0old"),
                Event.lifecycle(T0.plusSeconds(pendingAfter), "i-0new", "Pending"),
                Event.targetHealth(T0.plusSeconds(healthyAfter), "i-0new", "healthy", "my-asg-ec2-tg")));
    }

    @Test
    void aFastRunWithinBothGoalsSaysMet() {
        assertThat(Goals.render(scaleOut(70, 105), DemoMode.FAST))
                .containsExactly(
                        "goal: healthy in the target group within 120 s of the stress start: +105.0 s, met",
                        "goal: launch to healthy under 45 s: +35.0 s, met");
    }

    @Test
    void aStandardRunIsMeasuredAgainstTheFastGoalForComparisonAndMissesIt() {
        assertThat(Goals.render(scaleOut(190, 250), DemoMode.STANDARD))
                .containsExactly(
                        "goal: healthy in the target group within 120 s of the stress start (fast mode's goal; shown for comparison): +250.0 s, missed",
                        "goal: launch to healthy under 45 s: +60.0 s, missed");
    }

    @Test
    void withoutAPendingStateLaunchToHealthyIsNotMeasured() {
        Timeline t = Timeline.compute(List.of(
                Event.stressStarted(T0), Event.targetHealth(T0.plusSeconds(90), "i-0new", "healthy", "my-asg-ec2-tg")));

        assertThat(Goals.render(t, DemoMode.FAST)).last().isEqualTo("goal: launch to healthy under 45 s: not measured");
    }
}

package dev.scaleout.infra.operate.demo;

import dev.scaleout.infra.operate.timeline.Milestone;
import dev.scaleout.infra.operate.timeline.Timeline;
import java.time.Duration;
import java.util.List;

/**
 * The demo's goals on AWS, checked against a run's timeline for the reader (never asserted
 * in tests: timings belong to AWS): in the fast mode a new instance healthy in the target
 * group within 2 minutes of the stress start; in any mode, launch to healthy under 45 s.
 */
public final class Goals {

    static final Duration HEALTHY_AFTER_STRESS = Duration.ofMinutes(2);
    static final Duration LAUNCH_TO_HEALTHY = Duration.ofSeconds(45);

    private Goals() {}

    public static List<String> render(Timeline t, DemoMode mode) {
        Duration healthy =
                t.milestone(Timeline.HEALTHY).map(Milestone::sinceStart).orElse(null);
        String first = "goal: healthy in the target group within " + HEALTHY_AFTER_STRESS.toSeconds()
                + " s of the stress start" + (mode == DemoMode.FAST ? "" : " (fast mode's goal; shown for comparison)")
                + ": " + verdict(healthy, HEALTHY_AFTER_STRESS);
        String second = "goal: launch to healthy under " + LAUNCH_TO_HEALTHY.toSeconds() + " s: "
                + verdict(t.launchToHealthy(), LAUNCH_TO_HEALTHY);
        return List.of(first, second);
    }

    private static String verdict(Duration measured, Duration goal) {
        if (measured == null) {
            return "not measured";
        }
        return Demo.seconds(measured) + (measured.compareTo(goal) <= 0 ? ", met" : ", missed");
    }
}

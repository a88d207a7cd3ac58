package dev.scaleout.infra.operate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One hot instance among N lifts the group's average by about 1/N of its load. */
class ReachWarningTest {

    @Test
    void oneInstanceAtFullLoadCrossesTheTargetSoThereIsNoWarning() {
        assertThat(DemoCommand.reachWarning(DemoOptions.defaults(), 1, List.of(DemoModeTest.predefinedCpu())))
                .isEmpty();
    }

    @Test
    void oneHotInstanceAmongTwoStaysBelowA70PercentTarget() {
        assertThat(DemoCommand.reachWarning(DemoOptions.defaults(), 2, List.of(DemoModeTest.predefinedCpu())))
                .hasValueSatisfying(w -> assertThat(w)
                        .contains("one of 2 instances", "about 50 %", "target of 70 %", "autoScaling.desired 1"));
    }

    @Test
    void withoutATargetTrackingPolicyThereIsNothingToCompareWith() {
        assertThat(DemoCommand.reachWarning(DemoOptions.defaults(), 3, List.of()))
                .isEmpty();
    }
}

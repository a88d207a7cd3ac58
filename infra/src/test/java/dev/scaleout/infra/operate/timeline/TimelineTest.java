package dev.scaleout.infra.operate.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scaleout.infra.operate.OperateJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Timelines from recorded event sequences, as a demo run saves them (events.json). */
class TimelineTest {

    static final Instant T0 = Instant.parse("2026-11-26T01:00:00Z");

    /** A scale-out as AWS reports it, recorded in the order the demo's pollers happened to see it. */
    static final String RECORDED_RUN = """
            [
              {"at": "2026-11-26T01:00:00Z", "kind": "STRESS_STARTED"},
              {"at": "2026-11-26T01:00:00Z", "kind": "BASELINE_INSTANCE", "subject": "i-0old"},
              {"at": "2026-11-26T00:55:00Z", "kind": "ALARM_STATE", "subject": "TargetTracking-my-asg-ec2-AlarmLow-2222", "state": "ALARM"},
              {"at": "2026-11-26T01:00:05Z", "kind": "REQUEST_SERVED", "subject": "i-0old"},
              {"at": "2026-11-26T01:01:10Z", "kind": "ALARM_STATE", "subject": "TargetTracking-my-asg-ec2-AlarmLow-2222", "state": "OK"},
              {"at": "2026-11-26T01:02:41Z", "kind": "SCALING_ACTIVITY", "subject": "i-0new", "detail": "Launching a new EC2 instance: i-0new"},
              {"at": "2026-11-26T01:02:40Z", "kind": "ALARM_STATE", "subject": "TargetTracking-my-asg-ec2-AlarmHigh-1111", "state": "ALARM"},
              {"at": "2026-11-26T01:02:42Z", "kind": "LIFECYCLE", "subject": "i-0new", "state": "Pending"},
              {"at": "2026-11-26T01:03:21Z", "kind": "TARGET_HEALTH", "subject": "i-0new", "state": "initial", "detail": "my-asg-ec2-tg"},
              {"at": "2026-11-26T01:03:20Z", "kind": "LIFECYCLE", "subject": "i-0new", "state": "InService"},
              {"at": "2026-11-26T01:03:31Z", "kind": "TARGET_HEALTH", "subject": "i-0new", "state": "healthy", "detail": "my-asg-ec2-tg"},
              {"at": "2026-11-26T01:03:35.500Z", "kind": "REQUEST_SERVED", "subject": "i-0new"},
              {"at": "2026-11-26T01:04:00Z", "kind": "STRESS_STOPPED"}
            ]
            """;

    @Test
    void eachMilestoneHasItsTimeAndDurationFromTheStressStart() {
        Timeline t = Timeline.compute(EventLog.fromJson(RECORDED_RUN));

        assertThat(t.stressStartedAt()).isEqualTo(T0);
        assertThat(t.newInstanceId()).isEqualTo("i-0new");
        assertThat(t.milestones())
                .extracting(Milestone::name, Milestone::sinceStart)
                .containsExactly(
                        tuple(Timeline.STRESS_STARTED, Duration.ZERO),
                        tuple(Timeline.ALARM, Duration.ofSeconds(160)),
                        tuple(Timeline.ACTIVITY, Duration.ofSeconds(161)),
                        tuple(Timeline.PENDING, Duration.ofSeconds(162)),
                        tuple(Timeline.IN_SERVICE, Duration.ofSeconds(200)),
                        tuple(Timeline.HEALTHY, Duration.ofSeconds(211)),
                        tuple(Timeline.SERVED, Duration.ofMillis(215_500)));
        assertThat(t.milestone(Timeline.ALARM).orElseThrow().detail())
                .isEqualTo("TargetTracking-my-asg-ec2-AlarmHigh-1111");
        assertThat(t.launchToHealthy()).isEqualTo(Duration.ofSeconds(49));
    }

    @Test
    void theOrderEventsArriveInDoesNotMatter() {
        List<Event> events = new ArrayList<>(EventLog.fromJson(RECORDED_RUN));
        Timeline expected = Timeline.compute(events);

        for (long seed = 1; seed <= 20; seed++) {
            Collections.shuffle(events, new Random(seed));
            assertThat(Timeline.compute(events)).as("shuffle %d", seed).isEqualTo(expected);
        }
    }

    @Test
    void theLowAlarmAndEventsBeforeTheStartDoNotCount() {
        // the low alarm was in ALARM before the stress and goes OK after; only the high alarm is the scale-out
        List<Event> events = List.of(
                Event.stressStarted(T0),
                Event.alarm(T0.minusSeconds(300), "TargetTracking-my-asg-ec2-AlarmHigh-1", "ALARM"),
                Event.alarm(T0.plusSeconds(30), "TargetTracking-my-asg-ec2-AlarmLow-2", "ALARM"),
                Event.lifecycle(T0.minusSeconds(120), "i-0replaced", "Pending"),
                Event.lifecycle(T0.plusSeconds(100), "i-0new", "Pending"));

        Timeline t = Timeline.compute(events);

        assertThat(t.milestone(Timeline.ALARM).orElseThrow().seen()).isFalse();
        assertThat(t.newInstanceId()).isEqualTo("i-0new");
        assertThat(t.milestone(Timeline.PENDING).orElseThrow().sinceStart()).isEqualTo(Duration.ofSeconds(100));
        assertThat(t.notes()).contains("2 event(s) from before the stress start ignored");
    }

    @Test
    void missingEventsAreNotSeenAndTheNewInstanceIsFoundWithoutItsPendingState() {
        // the poll missed Pending (a fast launch) and the alarm history was not readable
        List<Event> events = List.of(
                Event.stressStarted(T0),
                Event.baseline(T0, "i-0old"),
                Event.lifecycle(T0.plusSeconds(170), "i-0new", "InService"),
                Event.targetHealth(T0.plusSeconds(185), "i-0new", "healthy", "my-asg-ec2-tg"));

        Timeline t = Timeline.compute(events);

        assertThat(t.newInstanceId()).isEqualTo("i-0new");
        assertThat(t.milestones())
                .filteredOn(m -> !m.seen())
                .extracting(Milestone::name)
                .containsExactly(Timeline.ALARM, Timeline.ACTIVITY, Timeline.PENDING, Timeline.SERVED);
        assertThat(t.milestone(Timeline.HEALTHY).orElseThrow().sinceStart()).isEqualTo(Duration.ofSeconds(185));
        assertThat(t.launchToHealthy()).isNull();
        assertThat(TimelineText.render(t))
                .contains("  instance pending             not seen", "launch to healthy: not seen");
    }

    @Test
    void onlyTheFirstNewInstanceIsFollowedWhenTheGroupGrowsByTwo() {
        List<Event> events = List.of(
                Event.stressStarted(T0),
                Event.baseline(T0, "i-0old"),
                Event.served(T0.plusSeconds(2), "i-0old"),
                Event.activity(T0.plusSeconds(150), "i-0second", "Launching a new EC2 instance: i-0second"),
                Event.activity(T0.plusSeconds(150), "i-0first", "Launching a new EC2 instance: i-0first"),
                Event.lifecycle(T0.plusSeconds(149), "i-0first", "Pending"),
                Event.lifecycle(T0.plusSeconds(151), "i-0second", "Pending"),
                Event.targetHealth(T0.plusSeconds(190), "i-0second", "healthy", "my-asg-ec2-tg"),
                Event.targetHealth(T0.plusSeconds(200), "i-0first", "healthy", "my-asg-ec2-tg"));

        Timeline t = Timeline.compute(events);

        assertThat(t.newInstanceId()).isEqualTo("i-0first");
        assertThat(t.milestone(Timeline.ACTIVITY).orElseThrow().detail())
                .isEqualTo("Launching a new EC2 instance: i-0first");
        assertThat(t.milestone(Timeline.HEALTHY).orElseThrow().sinceStart()).isEqualTo(Duration.ofSeconds(200));
        assertThat(t.notes()).contains("events about 1 other new instance(s) ignored: the timeline follows the first");
        // the activity was logged a second after AWS marked the instance pending: reported, not hidden
        assertThat(t.notes()).contains("'instance pending' was seen 1.0 s before 'scaling activity started'");
    }

    @Test
    void withoutARecordedStartTheTimesAreShownWithoutDurations() {
        List<Event> events = List.of(
                Event.alarm(T0.plusSeconds(60), "TargetTracking-my-asg-ec2-AlarmHigh-1", "ALARM"),
                Event.lifecycle(T0.plusSeconds(70), "i-0new", "Pending"));

        Timeline t = Timeline.compute(events);

        assertThat(t.stressStartedAt()).isNull();
        assertThat(t.milestone(Timeline.PENDING).orElseThrow().at()).isEqualTo(T0.plusSeconds(70));
        assertThat(t.milestones()).allSatisfy(m -> assertThat(m.sinceStart()).isNull());
        assertThat(t.notes()).contains("the stress start was not recorded: times are shown without durations");
    }

    @Test
    void theTextTableHasOneLinePerMilestoneAndTheLaunchToHealthyTime() {
        List<String> text = TimelineText.render(Timeline.compute(EventLog.fromJson(RECORDED_RUN)));

        assertThat(text)
                .containsExactly(
                        "scale-out timeline: stress started 2026-11-26 01:00:00 UTC, new instance i-0new",
                        "  MILESTONE                    AT (UTC)      SINCE START  DETAIL",
                        "  stress started               01:00:00.000       +0.0 s",
                        "  scale-out alarm in ALARM     01:02:40.000     +160.0 s  TargetTracking-my-asg-ec2-AlarmHigh-1111",
                        "  scaling activity started     01:02:41.000     +161.0 s  Launching a new EC2 instance: i-0new",
                        "  instance pending             01:02:42.000     +162.0 s  Pending",
                        "  instance InService           01:03:20.000     +200.0 s",
                        "  healthy in the target group  01:03:31.000     +211.0 s  my-asg-ec2-tg",
                        "  first request served by it   01:03:35.500     +215.5 s",
                        "launch to healthy: +49.0 s",
                        "note: 1 event(s) from before the stress start ignored");
    }

    @Test
    void theJsonHasSecondsForScriptsAndNullForWhatWasNotSeen() throws Exception {
        List<Event> events = new ArrayList<>(EventLog.fromJson(RECORDED_RUN));
        events.removeIf(e -> e.kind() == Event.Kind.REQUEST_SERVED);

        JsonNode json = OperateJson.mapper().readTree(OperateJson.pretty(Timeline.compute(events)));

        assertThat(json.get("stressStartedAt").asText()).isEqualTo("2026-11-26T01:00:00Z");
        assertThat(json.get("newInstanceId").asText()).isEqualTo("i-0new");
        assertThat(json.get("launchToHealthy").asDouble()).isEqualTo(49.0);
        JsonNode healthy = json.get("milestones").get(5);
        assertThat(healthy.get("name").asText()).isEqualTo(Timeline.HEALTHY);
        assertThat(healthy.get("at").asText()).isEqualTo("2026-11-26T01:03:31Z");
        assertThat(healthy.get("sinceStart").asDouble()).isEqualTo(211.0);
        JsonNode served = json.get("milestones").get(6);
        assertThat(served.get("at").isNull()).isTrue();
        assertThat(served.get("sinceStart").isNull()).isTrue();
    }

    @Test
    void savedEventsReadBackTheSame() {
        List<Event> events = EventLog.fromJson(RECORDED_RUN);

        assertThat(EventLog.fromJson(EventLog.toJson(events))).isEqualTo(events);
    }

    @Test
    void twoRunsCompareSideBySide() {
        Timeline standard = Timeline.compute(EventLog.fromJson(RECORDED_RUN));
        Timeline fast = Timeline.compute(List.of(
                Event.stressStarted(T0),
                Event.alarm(T0.plusSeconds(40), "TargetTracking-my-asg-ec2-AlarmHigh-9", "ALARM"),
                Event.lifecycle(T0.plusSeconds(43), "i-0fast", "Pending"),
                Event.targetHealth(T0.plusSeconds(80), "i-0fast", "healthy", "my-asg-ec2-tg")));
        Map<String, Timeline> runs = new LinkedHashMap<>();
        runs.put("EC2 1-min", standard);
        runs.put("agent 10-s", fast);

        List<String> table = TimelineText.compare(runs);

        assertThat(table.get(0)).isEqualTo("  MILESTONE                      EC2 1-min   agent 10-s");
        assertThat(table)
                .contains(
                        "  scale-out alarm in ALARM        +160.0 s      +40.0 s",
                        "  first request served by it      +215.5 s     not seen",
                        "  launch to healthy                +49.0 s      +37.0 s");
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}

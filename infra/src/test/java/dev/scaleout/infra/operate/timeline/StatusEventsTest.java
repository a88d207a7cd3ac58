package dev.scaleout.infra.operate.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scaleout.infra.operate.status.FleetStatus;
import dev.scaleout.infra.operate.status.FleetStatus.ActivityStatus;
import dev.scaleout.infra.operate.status.FleetStatus.AlarmStatus;
import dev.scaleout.infra.operate.status.FleetStatus.InstanceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** From status snapshots, polled every 5 s during a scale-out, to the timeline. */
class StatusEventsTest {

    static final Instant T0 = Instant.parse("2026-11-26T01:00:00Z");
    static final String HIGH = "TargetTracking-my-asg-ec2-AlarmHigh-1111";
    static final String LOW = "TargetTracking-my-asg-ec2-AlarmLow-2222";
    static final InstanceStatus OLD =
            instance("i-0old", "InService", Map.of("my-asg-ec2-tg", "healthy"), T0.minusSeconds(3600));

    @Test
    void snapshotsOfAScaleOutGiveEveryMilestone() {
        FleetStatus atStart = snapshot(T0, List.of(OLD), alarms("OK", T0.minusSeconds(900)), List.of());
        // +165 s: the alarm fired at +160 (its own date), the group launched i-0new at +161 (launch time +162)
        ActivityStatus launch = new ActivityStatus(
                T0.plusSeconds(161),
                null,
                "InProgress",
                "Launching a new EC2 instance: i-0new",
                "At ... a monitor alarm " + HIGH + " in state ALARM triggered policy");
        FleetStatus pending = snapshot(
                T0.plusSeconds(165),
                List.of(OLD, instance("i-0new", "Pending", Map.of(), T0.plusSeconds(162))),
                alarms("ALARM", T0.plusSeconds(160)),
                List.of(launch));
        FleetStatus inService = snapshot(
                T0.plusSeconds(200),
                List.of(OLD, instance("i-0new", "InService", Map.of("my-asg-ec2-tg", "initial"), T0.plusSeconds(162))),
                alarms("ALARM", T0.plusSeconds(160)),
                List.of(launch));
        FleetStatus healthy = snapshot(
                T0.plusSeconds(215),
                List.of(OLD, instance("i-0new", "InService", Map.of("my-asg-ec2-tg", "healthy"), T0.plusSeconds(162))),
                alarms("ALARM", T0.plusSeconds(160)),
                List.of(launch));

        List<Event> events = new ArrayList<>();
        events.add(Event.stressStarted(T0));
        events.addAll(StatusEvents.baseline(atStart, T0));
        events.addAll(StatusEvents.between(null, atStart));
        events.addAll(StatusEvents.between(atStart, pending));
        events.addAll(StatusEvents.between(pending, inService));
        events.addAll(StatusEvents.between(inService, healthy));
        events.add(FleetPage.served("""
                {"at": "2026-11-26T01:03:37.250Z", "servedBy": "i-0new", "live": [], "gone": []}
                """).orElseThrow());

        Timeline t = Timeline.compute(events);

        assertThat(t.newInstanceId()).isEqualTo("i-0new");
        assertThat(t.milestones())
                .extracting(
                        Milestone::name,
                        m -> m.sinceStart() == null ? null : m.sinceStart().toMillis())
                .containsExactly(
                        tuple(Timeline.STRESS_STARTED, 0L),
                        tuple(Timeline.ALARM, 160_000L),
                        tuple(Timeline.ACTIVITY, 161_000L),
                        tuple(Timeline.PENDING, 162_000L), // the launch time, not the poll at +165
                        tuple(Timeline.IN_SERVICE, 200_000L),
                        tuple(Timeline.HEALTHY, 215_000L),
                        tuple(Timeline.SERVED, 217_250L));
        assertThat(t.launchToHealthy()).isEqualTo(Duration.ofSeconds(53));
    }

    @Test
    void anUnchangedSnapshotGivesNoEvents() {
        FleetStatus s = snapshot(T0, List.of(OLD), alarms("OK", T0.minusSeconds(900)), List.of());
        FleetStatus same = snapshot(T0.plusSeconds(5), List.of(OLD), alarms("OK", T0.minusSeconds(900)), List.of());

        assertThat(StatusEvents.between(s, same)).isEmpty();
    }

    @Test
    void onlyLaunchActivitiesNameAnInstanceAndEachCountsOnce() {
        ActivityStatus terminate = new ActivityStatus(
                T0.plusSeconds(10),
                null,
                "Successful",
                "Terminating EC2 instance: i-0old",
                "an instance was taken out of service in response to a health check");
        ActivityStatus launch = new ActivityStatus(
                T0.plusSeconds(12),
                null,
                "InProgress",
                "Launching a new EC2 instance: i-0abc123",
                "replacing an unhealthy instance");
        FleetStatus first = snapshot(T0.plusSeconds(15), List.of(), List.of(), List.of(launch, terminate));
        FleetStatus second = snapshot(T0.plusSeconds(20), List.of(), List.of(), List.of(launch, terminate));

        assertThat(StatusEvents.between(null, first))
                .containsExactly(
                        Event.activity(T0.plusSeconds(12), "i-0abc123", "Launching a new EC2 instance: i-0abc123"));
        assertThat(StatusEvents.between(first, second)).isEmpty();
    }

    @Test
    void aFleetPageThatIsNotTheAppsAnswerIsNoEvent() {
        assertThat(FleetPage.served("<html><body>502 Bad Gateway</body></html>"))
                .isEmpty();
        assertThat(FleetPage.served("{\"at\": \"2026-11-26T01:00:00Z\", \"live\": []}"))
                .isEmpty();
    }

    private static List<AlarmStatus> alarms(String highState, Instant highSince) {
        return List.of(
                new AlarmStatus(HIGH, highState, "", highSince),
                new AlarmStatus(LOW, "ALARM".equals(highState) ? "OK" : "ALARM", "", T0.minusSeconds(900)));
    }

    private static InstanceStatus instance(String id, String state, Map<String, String> health, Instant launched) {
        return new InstanceStatus(id, "eu-west-1a", state, "Healthy", health, "ami-1", launched, "1");
    }

    private static FleetStatus snapshot(
            Instant at, List<InstanceStatus> instances, List<AlarmStatus> alarms, List<ActivityStatus> activities) {
        return new FleetStatus(
                at,
                "my-asg-ec2",
                "http://alb",
                "alb",
                1,
                instances.size(),
                3,
                instances,
                List.of(),
                alarms,
                activities);
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}

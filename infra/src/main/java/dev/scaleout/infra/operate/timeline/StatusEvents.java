package dev.scaleout.infra.operate.timeline;

import dev.scaleout.infra.operate.status.FleetStatus;
import dev.scaleout.infra.operate.status.FleetStatus.ActivityStatus;
import dev.scaleout.infra.operate.status.FleetStatus.AlarmStatus;
import dev.scaleout.infra.operate.status.FleetStatus.InstanceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns successive {@code infra status} snapshots into timeline events: what changed between
 * two reads. Where AWS dates a change itself (an instance's launch time, an alarm's state
 * update, an activity's start) that date is used; otherwise the read's time, so those
 * milestones are exact to within the polling interval.
 */
public final class StatusEvents {

    private static final Pattern LAUNCHED_INSTANCE = Pattern.compile("Launching a new EC2 instance: (i-[0-9a-zA-Z]+)");

    private StatusEvents() {}

    /** The instances in the group when the stress starts: none of them is the new one. */
    public static List<Event> baseline(FleetStatus atStart, Instant stressStart) {
        return atStart.instances().stream()
                .map(i -> Event.baseline(stressStart, i.id()))
                .toList();
    }

    /** What {@code now} shows that {@code before} (null for the first read) did not. */
    public static List<Event> between(FleetStatus before, FleetStatus now) {
        List<Event> events = new ArrayList<>();
        Map<String, InstanceStatus> previous = before == null
                ? Map.of()
                : before.instances().stream().collect(Collectors.toMap(InstanceStatus::id, Function.identity()));
        for (InstanceStatus i : now.instances()) {
            InstanceStatus was = previous.get(i.id());
            if (was == null || !Objects.equals(was.lifecycleState(), i.lifecycleState())) {
                boolean firstSeenPending = was == null
                        && i.lifecycleState() != null
                        && i.lifecycleState().startsWith("Pending");
                // AWS's launch time dates Pending exactly; a poll would only bound it
                Instant at = firstSeenPending && i.launchTime() != null ? i.launchTime() : now.readAt();
                events.add(Event.lifecycle(at, i.id(), i.lifecycleState()));
            }
            Map<String, String> health = was == null ? Map.of() : was.targetHealth();
            i.targetHealth().forEach((group, state) -> {
                if (!state.equals(health.get(group))) {
                    events.add(Event.targetHealth(now.readAt(), i.id(), state, group));
                }
            });
        }
        Map<String, String> alarmStates = before == null
                ? Map.of()
                : before.alarms().stream().collect(Collectors.toMap(AlarmStatus::name, a -> String.valueOf(a.state())));
        for (AlarmStatus a : now.alarms()) {
            if (!String.valueOf(a.state()).equals(alarmStates.get(a.name()))) {
                events.add(Event.alarm(a.since() != null ? a.since() : now.readAt(), a.name(), a.state()));
            }
        }
        Set<String> knownActivities = new HashSet<>();
        if (before != null) {
            before.activities().forEach(a -> knownActivities.add(key(a)));
        }
        for (ActivityStatus a : now.activities()) {
            Matcher launch = LAUNCHED_INSTANCE.matcher(String.valueOf(a.description()));
            if (a.startTime() != null && launch.find() && !knownActivities.contains(key(a))) {
                events.add(Event.activity(a.startTime(), launch.group(1), a.description()));
            }
        }
        return events;
    }

    private static String key(ActivityStatus a) {
        return a.startTime() + " " + a.description();
    }
}

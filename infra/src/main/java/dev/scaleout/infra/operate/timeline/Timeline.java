package dev.scaleout.infra.operate.timeline;

import dev.scaleout.infra.operate.timeline.Event.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The scale-out, measured: when each milestone was first seen after the stress started, and
 * how long after. Computed from recorded events, which may be missing (a poll missed a short
 * state) or out of order (several sources, each polled on its own); events are sorted by
 * their time, and those from before the stress start or about other instances are ignored.
 *
 * @param newInstanceId   the first instance to show up that was not in the group at the stress start; null if none
 * @param launchToHealthy pending to healthy in the target group (boot, app start, health checks); null unless both seen
 * @param notes           what the reader should know about the data: ignored events, missing start, inversions
 */
public record Timeline(
        Instant stressStartedAt,
        String newInstanceId,
        List<Milestone> milestones,
        Duration launchToHealthy,
        List<String> notes) {

    public static final String STRESS_STARTED = "stress started";
    public static final String ALARM = "scale-out alarm in ALARM";
    public static final String ACTIVITY = "scaling activity started";
    public static final String PENDING = "instance pending";
    public static final String IN_SERVICE = "instance InService";
    public static final String HEALTHY = "healthy in the target group";
    public static final String SERVED = "first request served by it";

    /** Instance-scoped kinds: the ones that can name the new instance. */
    private static final Set<Kind> INSTANCE_KINDS =
            Set.of(Kind.SCALING_ACTIVITY, Kind.LIFECYCLE, Kind.TARGET_HEALTH, Kind.REQUEST_SERVED);

    public Timeline {
        milestones = List.copyOf(milestones);
        notes = List.copyOf(notes);
    }

    public static Timeline compute(List<Event> recorded) {
        List<String> notes = new ArrayList<>();
        List<Event> events = recorded.stream()
                .filter(e -> e.at() != null && e.kind() != null)
                .sorted(Comparator.comparing(Event::at)) // stable: equal times keep their recorded order
                .toList();
        if (events.size() < recorded.size()) {
            notes.add((recorded.size() - events.size()) + " event(s) without a time or kind ignored");
        }

        Instant start = events.stream()
                .filter(e -> e.kind() == Kind.STRESS_STARTED)
                .map(Event::at)
                .findFirst()
                .orElse(null);
        if (start == null) {
            notes.add("the stress start was not recorded: times are shown without durations");
        }
        Set<String> baseline = events.stream()
                .filter(e -> e.kind() == Kind.BASELINE_INSTANCE)
                .map(Event::subject)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());

        List<Event> afterStart = events.stream()
                .filter(e -> e.kind() != Kind.BASELINE_INSTANCE && e.kind() != Kind.STRESS_STARTED)
                .filter(e -> start == null || !e.at().isBefore(start))
                .toList();
        long early = events.stream()
                .filter(e -> start != null && e.at().isBefore(start) && e.kind() != Kind.BASELINE_INSTANCE)
                .count();
        if (early > 0) {
            notes.add(early + " event(s) from before the stress start ignored");
        }

        String newInstance = afterStart.stream()
                .filter(e ->
                        INSTANCE_KINDS.contains(e.kind()) && e.subject() != null && !baseline.contains(e.subject()))
                .map(Event::subject)
                .findFirst()
                .orElse(null);
        long otherInstances = afterStart.stream()
                .filter(e -> INSTANCE_KINDS.contains(e.kind())
                        && e.subject() != null
                        && !e.subject().equals(newInstance)
                        && !baseline.contains(e.subject()))
                .map(Event::subject)
                .distinct()
                .count();
        if (otherInstances > 0) {
            notes.add("events about " + otherInstances
                    + " other new instance(s) ignored: the timeline follows the first");
        }

        List<Milestone> milestones = new ArrayList<>();
        milestones.add(milestone(STRESS_STARTED, start, start, null));
        milestones.add(first(
                afterStart,
                start,
                ALARM,
                e -> e.kind() == Kind.ALARM_STATE
                        && "ALARM".equals(e.state())
                        // target tracking's low alarm sits in ALARM whenever the load is low: it is not the scale-out
                        && (e.subject() == null || !e.subject().contains("AlarmLow")),
                Event::subject));
        milestones.add(first(
                afterStart,
                start,
                ACTIVITY,
                e -> e.kind() == Kind.SCALING_ACTIVITY && (e.subject() == null || e.isAbout(newInstance)),
                Event::detail));
        milestones.add(first(
                afterStart,
                start,
                PENDING,
                e -> e.kind() == Kind.LIFECYCLE
                        && e.isAbout(newInstance)
                        && e.state() != null
                        && e.state().startsWith("Pending"),
                Event::state));
        milestones.add(first(
                afterStart,
                start,
                IN_SERVICE,
                e -> e.kind() == Kind.LIFECYCLE && e.isAbout(newInstance) && "InService".equals(e.state()),
                e -> null));
        milestones.add(first(
                afterStart,
                start,
                HEALTHY,
                e -> e.kind() == Kind.TARGET_HEALTH && e.isAbout(newInstance) && "healthy".equals(e.state()),
                Event::detail));
        milestones.add(first(
                afterStart, start, SERVED, e -> e.kind() == Kind.REQUEST_SERVED && e.isAbout(newInstance), e -> null));

        notes.addAll(inversions(milestones));
        Instant pending = at(milestones, PENDING);
        Instant healthy = at(milestones, HEALTHY);
        Duration launchToHealthy = pending != null && healthy != null ? Duration.between(pending, healthy) : null;
        return new Timeline(start, newInstance, milestones, launchToHealthy, notes);
    }

    public Optional<Milestone> milestone(String name) {
        return milestones.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    private static Milestone first(
            List<Event> events,
            Instant start,
            String name,
            Predicate<Event> matches,
            java.util.function.Function<Event, String> detail) {
        return events.stream()
                .filter(matches)
                .findFirst()
                .map(e -> milestone(name, e.at(), start, detail.apply(e)))
                .orElseGet(() -> milestone(name, null, start, null));
    }

    private static Milestone milestone(String name, Instant at, Instant start, String detail) {
        return new Milestone(name, at, at == null || start == null ? null : Duration.between(start, at), detail);
    }

    /**
     * The scale-out goes in this order; a milestone seen before an earlier one means the
     * sources' clocks or polls disagree, which the reader should know before trusting a step.
     */
    private static List<String> inversions(List<Milestone> milestones) {
        List<String> notes = new ArrayList<>();
        Milestone latest = null;
        for (Milestone m : milestones) {
            if (!m.seen()) {
                continue;
            }
            if (latest != null && m.at().isBefore(latest.at())) {
                notes.add("'" + m.name() + "' was seen "
                        + Duration.between(m.at(), latest.at()).toMillis() / 1000.0 + " s before '" + latest.name()
                        + "'");
            } else {
                latest = m;
            }
        }
        return notes;
    }

    private static Instant at(List<Milestone> milestones, String name) {
        return milestones.stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .map(Milestone::at)
                .orElse(null);
    }
}

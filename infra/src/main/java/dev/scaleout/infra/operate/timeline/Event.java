package dev.scaleout.infra.operate.timeline;

import java.time.Instant;

/**
 * One thing the demo saw happen, when it happened (by the source's clock: AWS's timestamps
 * for activities, alarm history and launch times; the fleet page's for requests; the demo's
 * own clock for what it polls). Events are recorded as they arrive, in any order, and saved
 * as JSON; {@link Timeline#compute} makes the milestones from them.
 *
 * @param subject the instance id (for alarms: the alarm name); null when not known
 * @param state   the state entered: lifecycle state, target health state, alarm state; null where none applies
 * @param detail  free text for people (activity description, target group name)
 */
public record Event(Instant at, Kind kind, String subject, String state, String detail) {

    public enum Kind {
        /** The demo started the CPU stress: the origin of every duration. */
        STRESS_STARTED,
        /** An instance already in the group at the stress start (so not the new one). */
        BASELINE_INSTANCE,
        /** An alarm entered {@link #state}, from its history. */
        ALARM_STATE,
        /** A scaling activity that launches an instance started; subject: the instance it names. */
        SCALING_ACTIVITY,
        /** An instance entered a lifecycle state in the group (Pending, Pending:Wait, InService...). */
        LIFECYCLE,
        /** An instance's health in a target group changed (initial, healthy, unhealthy, draining). */
        TARGET_HEALTH,
        /** The fleet page showed the instance serving requests. */
        REQUEST_SERVED,
        /** The demo stopped the stress. */
        STRESS_STOPPED
    }

    public static Event stressStarted(Instant at) {
        return new Event(at, Kind.STRESS_STARTED, null, null, null);
    }

    public static Event stressStopped(Instant at) {
        return new Event(at, Kind.STRESS_STOPPED, null, null, null);
    }

    public static Event baseline(Instant at, String instanceId) {
        return new Event(at, Kind.BASELINE_INSTANCE, instanceId, null, null);
    }

    public static Event alarm(Instant at, String alarmName, String state) {
        return new Event(at, Kind.ALARM_STATE, alarmName, state, null);
    }

    public static Event activity(Instant at, String instanceId, String description) {
        return new Event(at, Kind.SCALING_ACTIVITY, instanceId, null, description);
    }

    public static Event lifecycle(Instant at, String instanceId, String state) {
        return new Event(at, Kind.LIFECYCLE, instanceId, state, null);
    }

    public static Event targetHealth(Instant at, String instanceId, String state, String targetGroup) {
        return new Event(at, Kind.TARGET_HEALTH, instanceId, state, targetGroup);
    }

    public static Event served(Instant at, String instanceId) {
        return new Event(at, Kind.REQUEST_SERVED, instanceId, null, null);
    }

    boolean isAbout(String instanceId) {
        return instanceId != null && instanceId.equals(subject);
    }
}

package dev.scaleout.infra.operate.demo;

import dev.scaleout.support.ExitException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code infra demo} was asked to do, checked before any AWS call.
 *
 * @param stressDuration how long the burn runs unless stopped: the app's own deadline is the
 *                       backstop should the demo die without stopping it
 * @param cores          burning threads; null = every processor of the instance (the app's default)
 * @param cpuPercent     duty cycle of each thread
 * @param mode           null = from the group's scaling policy
 * @param out            null = target/demo/&lt;timestamp&gt;-&lt;mode&gt;
 * @param url            null = the stack's own URL (its Route 53 name or the ALB)
 * @param compare        saved runs to print side by side; when given, nothing else is done
 */
public record DemoOptions(
        Duration stressDuration,
        Integer cores,
        int cpuPercent,
        Duration timeout,
        boolean watchScaleIn,
        Duration scaleInTimeout,
        Duration interval,
        DemoMode mode,
        Path out,
        URI url,
        List<Path> compare) {

    /** The stress API's limits (app: StressPlan). */
    static final int MAX_STRESS_SECONDS = 3600;

    public DemoOptions {
        compare = compare == null ? List.of() : List.copyOf(compare);
    }

    public static DemoOptions defaults() {
        return new DemoOptions(
                Duration.ofSeconds(600),
                null,
                100,
                Duration.ofMinutes(15),
                false,
                Duration.ofMinutes(25),
                Duration.ofSeconds(5),
                null,
                null,
                null,
                List.of());
    }

    public boolean comparing() {
        return !compare.isEmpty();
    }

    public void validate() {
        if (comparing()) {
            return; // reads saved runs only: the run's options do not matter
        }
        long seconds = stressDuration == null ? -1 : stressDuration.toSeconds();
        if (seconds < 60 || seconds > MAX_STRESS_SECONDS) {
            throw ExitException.userError("--duration must be between 60 and " + MAX_STRESS_SECONDS
                    + " seconds (the stress API's limit; a scale-out needs minutes): pass e.g. --duration 600");
        }
        if (cores != null && cores < 1) {
            throw ExitException.userError(
                    "--cores must be at least 1: pass e.g. --cores 2, or leave it out to burn every processor");
        }
        if (cpuPercent < 1 || cpuPercent > 100) {
            throw ExitException.userError("--cpu-percent must be between 1 and 100: pass e.g. --cpu-percent 100");
        }
        if (timeout == null || timeout.toSeconds() < 60) {
            throw ExitException.userError("--timeout must be at least 1 minute: pass e.g. --timeout 15");
        }
        if (scaleInTimeout == null || scaleInTimeout.toSeconds() < 60) {
            throw ExitException.userError(
                    "--scale-in-timeout must be at least 1 minute: pass e.g. --scale-in-timeout 25");
        }
        if (interval == null || interval.toMillis() < 1000) {
            throw ExitException.userError("--interval must be at least 1 second: pass e.g. --interval 5");
        }
        if (url != null && (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null)) {
            throw ExitException.userError(
                    "--url must be an http(s) URL with a host: pass e.g. --url https://app.example.com");
        }
    }
}

package dev.scaleout.infra.operate.demo;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.operate.OperateNames;
import dev.scaleout.infra.operate.chart.RunReport;
import dev.scaleout.infra.operate.status.FleetStatus;
import dev.scaleout.infra.operate.status.StatusReader;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * {@code infra demo}: builds the run's clients, finds the mode, the URL and the token, and
 * hands them to a {@link Demo}. With --compare it only prints saved runs side by side.
 */
public final class DemoCommand {

    private final Clock clock;
    private final Poll.Sleeper sleeper;
    private final Demo.ShutdownHooks hooks;
    private final Supplier<HttpClient> http;

    public DemoCommand(Clock clock, Poll.Sleeper sleeper, Demo.ShutdownHooks hooks, Supplier<HttpClient> http) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.hooks = hooks;
        this.http = http;
    }

    public static DemoCommand real() {
        return new DemoCommand(
                Clock.systemUTC(),
                Poll.REAL_SLEEP,
                Demo.ShutdownHooks.RUNTIME,
                () -> HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build());
    }

    /** Prints the saved runs side by side; no stack, no AWS. */
    public int compare(DemoOptions opts, PrintWriter out) {
        RunReport.compare(SavedRuns.readAll(opts.compare())).forEach(out::println);
        return 0;
    }

    /**
     * Checks the config's part before the first AWS call: without a token parameter there is
     * no stress API, and a group configured at its maximum has no room to scale out.
     */
    public static String checkStack(StackConfig config) {
        StackConfig.AutoScaling scaling = config.autoScaling();
        if (scaling != null && scaling.desired() >= scaling.max()) {
            throw ExitException.userError("autoScaling.desired (" + scaling.desired() + ") is already autoScaling.max ("
                    + scaling.max() + "), so the group has no room to scale out: raise autoScaling.max or lower "
                    + "autoScaling.desired and apply");
        }
        return tokenParameter(config);
    }

    private static String tokenParameter(StackConfig config) {
        String parameter =
                config.instances() == null ? null : config.instances().stressTokenParameter();
        if (parameter == null || parameter.isBlank()) {
            throw ExitException.userError(
                    "instances.stressTokenParameter is not set, so the instances' stress API is off: "
                            + "set it to an SSM SecureString name holding a token (e.g. /scaleout/stress-token) and apply");
        }
        return parameter;
    }

    public int run(DemoOptions opts, StackConfig config, AwsClients clients, PrintWriter out) {
        opts.validate();
        String parameter = checkStack(config);
        OperateNames names = OperateNames.of(config);
        List<ScalingPolicy> policies;
        try (AutoScalingClient autoScaling = clients.build(AutoScalingClient.builder())) {
            policies = policies(autoScaling, names.autoScalingGroup());
        }
        DemoMode policyMode = DemoMode.fromPolicies(policies);
        DemoMode mode = opts.mode() != null ? opts.mode() : policyMode;
        if (mode != policyMode) {
            out.println("note: the group's scaling policy tracks the " + policyMode.label() + " metric; --mode "
                    + mode.option() + " changes what this demo reads and charts, not what the group scales on");
        }
        try (StatusReader reader = new StatusReader(clients, clock, mode.cpuMetric())) {
            FleetStatus before = reader.read(names); // a stack that is not deployed is a user error, before the token
            URI url = opts.url() != null ? opts.url() : before.url() == null ? null : URI.create(before.url());
            if (url == null) {
                throw ExitException.userError("no load balancer " + names.loadBalancer() + " found for "
                        + before.group() + ": deploy the stack with 'infra apply', or pass --url");
            }
            reachWarning(opts, before.instances().size(), policies).ifPresent(w -> out.println("warning: " + w));
            String token;
            try (SsmClient ssm = clients.build(SsmClient.builder())) {
                token = StressToken.read(ssm, parameter);
            }
            StressApi app = new StressApi(http.get(), url, token, Duration.ofSeconds(10));
            new Demo(clock, sleeper, out, () -> reader.read(names), app, hooks).run(opts, mode, before);
            return 0;
        }
    }

    /**
     * The stress reaches one instance, so it lifts the group's average by about its load / N:
     * one hot instance among two at a 70 % target leaves the average near 50 %, and nothing
     * scales. Said before the stress starts, so the user knows why a run would time out.
     */
    static Optional<String> reachWarning(DemoOptions opts, int instances, List<ScalingPolicy> policies) {
        OptionalDouble target = policies.stream()
                .map(ScalingPolicy::targetTrackingConfiguration)
                .filter(t -> t != null && t.targetValue() != null)
                .mapToDouble(t -> t.targetValue())
                .min();
        if (instances < 2 || target.isEmpty() || opts.cores() != null) {
            return Optional.empty(); // with --cores the instance's share of its processors is unknown here
        }
        double average = (double) opts.cpuPercent() / instances;
        if (average > target.getAsDouble()) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "the stress reaches one of %d instances, lifting the group's average CPU"
                        + " to about %.0f %%, not above the policy's target of %.0f %%: no scale-out may follow; scale the group to"
                        + " 1 instance first (autoScaling.desired 1) or lower autoScaling.targetCpuPercent",
                instances,
                average,
                target.getAsDouble()));
    }

    private static List<ScalingPolicy> policies(AutoScalingClient autoScaling, String group) {
        try {
            return autoScaling
                    .describePolicies(r -> r.autoScalingGroupName(group))
                    .scalingPolicies();
        } catch (SdkException e) {
            throw ExitException.aws("DescribePolicies", group, e);
        }
    }
}

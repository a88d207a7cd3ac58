package dev.scaleout.infra.operate.rollout;

import dev.scaleout.infra.compute.DesiredImage;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Retry;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Builds the run's clients and hands them to a {@link Rollout}: for {@code infra rollout} and for {@code apply}'s image change. */
public final class RolloutCommand {

    /** Refresh status every 5 s at first, then every 15 s: a replacement takes minutes. */
    static final Poll POLL = Poll.real(Duration.ofSeconds(5), Duration.ofSeconds(15));

    /** @param terminal whether {@code out} is a terminal, where the progress line is rewritten in place */
    public int run(
            Rollout.RolloutOptions opts, StackConfig config, AwsClients clients, PrintStream out, boolean terminal) {
        return with(config, clients, out, terminal, rollout -> rollout.run(opts, config, out));
    }

    /** {@code apply}: the config's new image, deployed as a rollout would. */
    public int deployImage(
            DesiredImage image,
            StackConfig config,
            AwsClients clients,
            Duration timeout,
            URI verifyThrough,
            PrintStream out,
            boolean terminal) {
        return with(
                config,
                clients,
                out,
                terminal,
                rollout -> rollout.deployImage(config, image, timeout, verifyThrough, out));
    }

    private int with(
            StackConfig config,
            AwsClients clients,
            PrintStream out,
            boolean terminal,
            Function<Rollout, Integer> action) {
        try (Ec2Client ec2 = clients.build(Ec2Client.builder());
                SsmClient ssm = clients.build(SsmClient.builder());
                AutoScalingClient autoScaling = clients.build(AutoScalingClient.builder());
                ElasticLoadBalancingV2Client elb = clients.build(ElasticLoadBalancingV2Client.builder())) {
            Progress progress = new Progress(out, Clock.systemUTC(), terminal);
            Rollout rollout = new Rollout(
                    new LaunchTemplateVersions(ec2),
                    new InstanceRefresher(autoScaling, POLL),
                    autoScaling,
                    elb,
                    RolloutVerifier.standard(),
                    progress,
                    () -> DesiredImage.resolve(config, ec2, ssm),
                    Retry.real(progress));
            return action.apply(rollout);
        }
    }
}

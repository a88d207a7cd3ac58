package dev.scaleout.infra.operate.rollout;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.operate.Terminal;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.io.PrintStream;
import java.time.Duration;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** {@code infra rollout}: builds the run's clients and hands them to a {@link Rollout}. */
public final class RolloutCommand {

    /** Refresh status every 5 s at first, then every 15 s: a replacement takes minutes. */
    static final Poll POLL = Poll.real(Duration.ofSeconds(5), Duration.ofSeconds(15));

    public int run(Rollout.RolloutOptions opts, StackConfig config, AwsClients clients, PrintStream out) {
        try (Ec2Client ec2 = clients.build(Ec2Client.builder());
             SsmClient ssm = clients.build(SsmClient.builder());
             AutoScalingClient autoScaling = clients.build(AutoScalingClient.builder());
             ElasticLoadBalancingV2Client elb = clients.build(ElasticLoadBalancingV2Client.builder())) {
            Rollout rollout = new Rollout(new LaunchTemplateVersions(ec2, ssm), new InstanceRefresher(autoScaling, POLL),
                    autoScaling, elb, RolloutVerifier.standard(), new Progress(out, java.time.Clock.systemUTC(),
                    Terminal.isInteractive()));
            return rollout.run(opts, config, out);
        }
    }
}

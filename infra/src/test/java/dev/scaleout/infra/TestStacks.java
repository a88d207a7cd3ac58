package dev.scaleout.infra;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.QuickRetry;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.Progress;
import dev.scaleout.support.testing.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;

/**
 * Stack runs against moto for tests: the course's defaults in moto's region, with an admin CIDR,
 * waiting between reads as briefly as moto allows ({@link QuickRetry}).
 */
final class TestStacks {

    static final String ADMIN_CIDR = "203.0.113.7/32";
    /** One of the images moto knows in every region: the launch template names a concrete AMI that exists. */
    static final String AMI = "ami-1e749f67";

    private TestStacks() {}

    static StackConfig config() {
        StackConfig d = StackConfig.defaults();
        return config(d.stack(), d.prefix());
    }

    /**
     * A stack of its own name and prefix: many share one moto without a reset (a reset costs
     * seconds, as moto reloads its IAM managed policies), since tags and names never meet.
     */
    static StackConfig config(String stack, String prefix) {
        StackConfig d = StackConfig.defaults();
        return new StackConfig(
                d.project(),
                stack,
                prefix,
                MotoServer.REGION,
                d.network(),
                new StackConfig.Security(ADMIN_CIDR),
                d.bastion(),
                d.database(),
                d.loadBalancer(),
                d.dns(),
                new StackConfig.Instances(
                        d.instances().amiParameter(),
                        AMI,
                        d.instances().instanceType(),
                        d.instances().rootVolumeGb(),
                        d.instances().stressTokenParameter()),
                d.autoScaling());
    }

    static StackRun run(StackConfig config, AwsClients clients) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Progress progress = new Progress(quiet, Clock.systemUTC(), false);
        return new StackRun(config, clients, quiet, progress, QuickRetry.of(progress));
    }

    /** discover, plan, apply: what the apply command does after its confirmation. */
    static void apply(StackRun run) {
        var found = run.discover();
        run.apply(run.plan(found), found);
    }
}

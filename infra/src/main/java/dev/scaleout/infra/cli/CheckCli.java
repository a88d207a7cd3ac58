package dev.scaleout.infra.cli;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.StackScope;
import dev.scaleout.infra.peering.PeeringCheck;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.Poll;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** {@code infra check ...}: the course's hands-on tests as commands; {@code check peering} is the ping. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Run one of the course's tests against the applied stack.",
        subcommands = {CheckCli.Peering.class})
public final class CheckCli {

    /** {@code infra check peering}: ping the peer region's test instance from the stack, through SSM Run Command. */
    @Command(
            name = "peering",
            mixinStandardHelpOptions = true,
            description = "Ping the peer region's test instance from the stack's private instance (SSM Run Command, "
                    + "no SSH); exit 0 only when every reply comes back, else say what is in the way.")
    public static final class Peering implements Callable<Integer> {

        @Mixin
        StackOptions stack;

        @Override
        public Integer call() {
            PeeringCheck.requireConfigured(stack.config()); // nothing to ping: exit 2 before credentials
            AwsClients clients = stack.clients();
            StackConfig config;
            config = stack.config(); // with the region the clients resolved
            AwsClients peer = clients.inRegion(Region.of(config.peering().region()));
            int exit = new PeeringCheck(
                            config,
                            new StackScope(config.project(), config.stack(), clients.region()),
                            clients.build(Ec2Client.builder()),
                            clients.build(AutoScalingClient.builder()),
                            clients.build(SsmClient.builder()),
                            peer.build(Ec2Client.builder()),
                            Poll.real(Duration.ofSeconds(2), Duration.ofSeconds(10)),
                            CommandSupport.progress(stack))
                    .run(stack.out());
            CommandSupport.report(stack, clients.calls());
            return exit;
        }
    }
}

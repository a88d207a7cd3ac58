package dev.scaleout.amibuilder;

import dev.scaleout.support.AwsClients;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The CLI as its own process for scripts/bench-ami-builder: exactly {@link AmiBuilderCli#main}
 * except that Image Builder goes to the fake and the other services to moto.
 * Arguments: MOTO_URL IMAGEBUILDER_URL then the CLI's arguments.
 */
public final class BenchChild {

    public static void main(String[] args) {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        Region region = Region.of("eu-west-1");
        Env real = Env.real();
        Env env = new Env(r -> new Aws(new AwsClients(region, credentials, Optional.of(URI.create(args[0]))),
                new AwsClients(region, credentials, Optional.of(URI.create(args[1])))),
                Poll.real(Duration.ofMillis(10), Duration.ofMillis(10)), Progress.toConsole(), d -> { },
                real.confirm(), System.out, System.err, Path.of(""));
        System.exit(AmiBuilderCli.run(env, Arrays.copyOfRange(args, 2, args.length)));
    }
}

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

    /** Just the JVM start and --help, with the same CPU line: the reference. */
    public static final class Help {
        public static void main(String[] args) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
            AmiBuilderCli.run(Env.real(), "--help");
            var os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            System.out.printf("bench: cpu %d ms%n", os.getProcessCpuTime() / 1_000_000);
        }
    }

    public static void main(String[] args) {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        Region region = Region.of("eu-west-1");
        Env real = Env.real();
        long jvmStart =
                java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        boolean trace = System.getenv("BENCH_TRACE") != null;
        var tracer = new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
            @Override
            public void beforeExecution(
                    software.amazon.awssdk.core.interceptor.Context.BeforeExecution c,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                System.err.printf(
                        "# %5d ms %s start%n",
                        System.currentTimeMillis() - jvmStart,
                        a.getAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME));
            }

            @Override
            public void afterExecution(
                    software.amazon.awssdk.core.interceptor.Context.AfterExecution c,
                    software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                System.err.printf(
                        "# %5d ms %s end%n",
                        System.currentTimeMillis() - jvmStart,
                        a.getAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        if (trace) {
            System.err.printf("# %5d ms main%n", System.currentTimeMillis() - jvmStart);
        }
        Env env = new Env(
                r -> {
                    if (trace) {
                        System.err.printf("# %5d ms clients%n", System.currentTimeMillis() - jvmStart);
                    }
                    AwsClients main = new AwsClients(region, credentials, Optional.of(URI.create(args[0])));
                    AwsClients ib = new AwsClients(region, credentials, Optional.of(URI.create(args[1])));
                    if (trace) {
                        main.intercept(tracer);
                        ib.intercept(tracer);
                    }
                    return new Aws(main, ib);
                },
                Poll.real(Duration.ofMillis(10), Duration.ofMillis(10)),
                Progress.toConsole(),
                d -> {},
                real.confirm(),
                System.out,
                System.err,
                Path.of(""));
        int exit = AmiBuilderCli.run(env, Arrays.copyOfRange(args, 2, args.length));
        // CPU time (all threads, JIT and GC included): the tool's work, whatever else the machine runs
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("bench: cpu %d ms%n", os.getProcessCpuTime() / 1_000_000);
        System.exit(exit);
    }
}

package dev.scaleout.amibuilder;

import dev.scaleout.support.CallCounter;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import dev.scaleout.support.testing.MotoServer;
import dev.scaleout.support.testing.MutableClock;
import dev.scaleout.support.testing.TlsOnlyForMoto;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Runs the CLI in-process the way a user would, against moto (S3, IAM, SSM, EC2, STS) and the
 * Image Builder fake, with waits that do not sleep. Records every AWS call in order.
 */
final class Harness {

    record Result(int exit, String out, String err, CallCounter calls, List<String> order) {
        String all() {
            return out + err;
        }
    }

    final MotoServer moto;
    final ImageBuilderFake imageBuilder;
    final Path workDir;
    /** Further interceptors on the moto clients: tests make moto answer as real AWS does at one point. */
    final List<ExecutionInterceptor> interceptors = new ArrayList<>();

    /** Bucket policies as the tool sent them (before {@link TlsOnlyForMoto} rewrote them for moto). */
    final List<String> sentBucketPolicies = Collections.synchronizedList(new ArrayList<>());

    Harness(MotoServer moto, ImageBuilderFake imageBuilder, Path workDir) {
        this.moto = moto;
        this.imageBuilder = imageBuilder;
        this.workDir = workDir;
    }

    Result run(String... args) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T01:00:00Z"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                order.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        CallCounter[] counter = new CallCounter[1];
        Env env = new Env(
                region -> {
                    var main = moto.clients().intercept(recorder).intercept(new TlsOnlyForMoto(sentBucketPolicies));
                    interceptors.forEach(main::intercept);
                    Aws aws = new Aws(
                            main,
                            imageBuilder == null ? main : imageBuilder.clients().intercept(recorder));
                    counter[0] = aws.calls();
                    return aws;
                },
                new Poll(clock, clock::advance, Duration.ofSeconds(15), Duration.ofSeconds(60)),
                new Progress(o, clock, false),
                d -> {},
                Env.NO_TERMINAL,
                o,
                e,
                workDir);
        int exit = AmiBuilderCli.run(env, args);
        if (imageBuilder != null) {
            imageBuilder.remember();
        }
        return new Result(
                exit,
                out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8),
                counter[0] == null ? new CallCounter() : counter[0],
                List.copyOf(order));
    }
}

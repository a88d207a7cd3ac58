package dev.scaleout.amibuilder.publish;

import dev.scaleout.amibuilder.Aws;
import dev.scaleout.amibuilder.Report;
import dev.scaleout.amibuilder.Tags;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The contract with infra: an SSM String parameter (data type aws:ec2:image, so a launch
 * template can use resolve:ssm:) holding the latest golden AMI id.
 */
public final class AmiParameter {

    static final Set<String> NOT_FOUND = Set.of("ParameterNotFound");
    static final Duration VALIDATION_INTERVAL = Duration.ofSeconds(2);
    static final int VALIDATION_ATTEMPTS = 60;

    private final Aws aws;
    private final Report report;
    private final String prefix;
    private final String name;

    public AmiParameter(Aws aws, Report report, String prefix, String name) {
        this.aws = aws;
        this.report = report;
        this.prefix = prefix;
        this.name = name;
    }

    public Optional<String> current() {
        return AwsCall.find(
                "GetParameter",
                name,
                NOT_FOUND,
                () -> aws.ssm().getParameter(b -> b.name(name)).parameter().value());
    }

    /** Writes the id and returns once GetParameter shows it; {@code sleeper} waits between reads (tests: no-op). */
    public void publish(String amiId, Poll.Sleeper sleeper) {
        Optional<String> current = current();
        if (current.filter(amiId::equals).isPresent()) {
            report.resource("SSM parameter", "reused", name + " = " + amiId);
            return;
        }
        // SSM refuses tags together with Overwrite, so tags go on the first write only
        AwsCall.run(
                "PutParameter",
                name,
                () -> aws.ssm().putParameter(b -> {
                    b.name(name)
                            .value(amiId)
                            .type(ParameterType.STRING)
                            .dataType("aws:ec2:image")
                            .description("Latest golden AMI of scaleout-app (written by ami-builder, read by infra)");
                    if (current.isPresent()) {
                        b.overwrite(true);
                    } else {
                        b.tags(Tags.of(prefix, name).entrySet().stream()
                                .map(e -> software.amazon.awssdk.services.ssm.model.Tag.builder()
                                        .key(e.getKey())
                                        .value(e.getValue())
                                        .build())
                                .toList());
                    }
                }));
        awaitValidated(amiId, sleeper);
        report.resource("SSM parameter", current.isPresent() ? "updated" : "created", name + " = " + amiId);
    }

    /**
     * SSM validates an aws:ec2:image value asynchronously (DescribeImages as the caller): the
     * write is accepted at once, but GetParameter shows the old value (or ParameterNotFound)
     * until the check passes, and a failed check leaves it so. Success is reported only once
     * GetParameter returns the new id.
     */
    void awaitValidated(String amiId, Poll.Sleeper sleeper) {
        for (int attempt = 1; ; attempt++) {
            Optional<String> value = current();
            if (value.filter(amiId::equals).isPresent()) {
                return;
            }
            if (attempt >= VALIDATION_ATTEMPTS) {
                throw ExitException.failure("SSM parameter " + name + " still shows " + value.orElse("no value")
                        + " instead of "
                        + amiId + " after " + Progress.format(VALIDATION_INTERVAL.multipliedBy(VALIDATION_ATTEMPTS))
                        + ": SSM's aws:ec2:image validation failed or is slow; check that the caller may ec2:DescribeImages "
                        + "and that the AMI exists in " + aws.region() + ", then run bake again (it reuses the AMI)");
            }
            if (attempt == 1) {
                report.line("  waiting for SSM to validate " + amiId + " (aws:ec2:image) before " + name + " shows it");
            }
            try {
                sleeper.sleep(VALIDATION_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ExitException.failure("GetParameter " + name + ": interrupted");
            }
        }
    }

    public boolean delete() {
        return AwsCall.find("DeleteParameter", name, NOT_FOUND, () -> aws.ssm().deleteParameter(b -> b.name(name)))
                .isPresent();
    }
}

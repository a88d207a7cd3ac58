package dev.scaleout.infra.engine;

import dev.scaleout.support.AwsCall;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * AWS answers that clear by waiting, and only those, retried with backoff until a deadline,
 * the error code on the progress line. Two families: a resource made a moment ago that the
 * next call does not see yet (AWS is eventually consistent: EC2's {@code *.NotFound}, IAM's
 * {@code NoSuchEntity}, a new instance profile refused as invalid, a new certificate unknown
 * to the load balancer), and deletes AWS refuses while something still lets go (a security
 * group an ALB's network interface still holds, a target group or certificate a deleted
 * listener held). Each call site names which it waits out; any other error, a validation
 * error, access denied or a limit, is thrown at once.
 */
public final class Retry {

    /**
     * What one call site waits out, for how long, and how fast it asks again: {@code reason}
     * names an error worth waiting for (shown on the progress line), empty for any other.
     */
    public record Transient(
            Duration timeout, Duration first, Duration max, Function<AwsServiceException, Optional<String>> reason) {

        public boolean matches(AwsServiceException e) {
            return reason.apply(e).isPresent();
        }

        /** This or the other, for as long as the longer of the two. */
        public Transient or(Transient other) {
            return new Transient(
                    timeout.compareTo(other.timeout) >= 0 ? timeout : other.timeout,
                    first.compareTo(other.first) <= 0 ? first : other.first,
                    max.compareTo(other.max) >= 0 ? max : other.max,
                    e -> reason.apply(e).or(() -> other.reason.apply(e)));
        }
    }

    /** Seen after creates: seconds as a rule; Terraform's AWS provider waits 2 minutes for the same calls. */
    static final Duration SETTLE = Duration.ofMinutes(2);
    /** Refused deletes: a minute or two as a rule, ACM's certificates several. */
    static final Duration LET_GO = Duration.ofMinutes(10);

    /**
     * EC2 does not see an id it just returned ({@code InvalidRouteTableID.NotFound},
     * {@code InvalidSubnetID.NotFound}, {@code InvalidGroup.NotFound}, {@code NatGatewayNotFound},
     * ...): only for EC2 calls that name resources this run made a moment ago.
     */
    public static final Transient NOT_VISIBLE_YET =
            settling("not visible yet", e -> AwsCall.code(e).endsWith("NotFound"));

    /** IAM does not see a role or instance profile it just made (AddRoleToInstanceProfile, PutRolePolicy). */
    public static final Transient IAM_NOT_VISIBLE_YET = settling("IAM not visible yet", codes("NoSuchEntity"));

    /**
     * A new instance profile that EC2 or Auto Scaling does not know yet: RunInstances and
     * CreateLaunchTemplate answer {@code InvalidParameterValue}, CreateAutoScalingGroup
     * {@code ValidationError}, both with "Invalid IAM Instance Profile" in the message; any other
     * such error is the request's fault and thrown at once.
     */
    public static final Transient PROFILE_NOT_VISIBLE_YET = settling(
            "instance profile not visible yet",
            e -> Set.of("InvalidParameterValue", "ValidationError").contains(AwsCall.code(e))
                    && message(e).contains("Invalid IAM Instance Profile"));

    /**
     * A launch template version made a moment ago that Auto Scaling cannot use yet:
     * UpdateAutoScalingGroup answers {@code ValidationError} "You must use a valid fully-formed
     * launch template..." right after CreateLaunchTemplateVersion (Terraform's AWS provider
     * retries the same answer). The same words come with a template that is wrong for good;
     * that one fails after the wait, still naming AWS's message.
     */
    public static final Transient TEMPLATE_NOT_USABLE_YET = settling(
            "launch template version not usable yet",
            e -> "ValidationError".equals(AwsCall.code(e))
                    && message(e).startsWith("You must use a valid fully-formed launch template"));

    /**
     * A certificate ACM just issued that the load balancer does not know or accept yet
     * ({@code CertificateNotFound}, and {@code UnsupportedCertificate}, which the SDK's model
     * does not list but the HTTPS listener answers while the certificate propagates).
     */
    public static final Transient CERTIFICATE_NOT_VISIBLE_YET =
            settling("certificate not visible yet", codes("CertificateNotFound", "UnsupportedCertificate"));

    /** A delete refused while a network interface or another resource still uses it (security group, subnet, VPC). */
    public static final Transient DEPENDENT =
            lettingGo("still in use", codes("DependencyViolation", "ResourceInUse", "InvalidIPAddress.InUse"));

    /**
     * A target group ({@code ResourceInUse}) or ACM certificate ({@code ResourceInUseException})
     * whose load balancer or listener is gone but which AWS still counts as used for a while.
     */
    public static final Transient IN_USE = lettingGo("still in use", codes("ResourceInUse", "ResourceInUseException"));

    /**
     * Releasing a NAT gateway's Elastic IP right after the NAT is deleted: EC2 answers
     * {@code AuthFailure} or {@code InvalidNetworkInterfaceID.NotFound} (the NAT's interface,
     * not the address: it is still there) until the association is gone.
     */
    public static final Transient ADDRESS_HELD = lettingGo(
            "address still held", codes("AuthFailure", "InvalidNetworkInterfaceID.NotFound", "InvalidIPAddress.InUse"));

    /**
     * A bucket emptied a moment ago that S3 refuses to delete ({@code BucketNotEmpty}): the ALB
     * delivers a last log file up to five minutes after logging stops; emptied again, asked again.
     */
    public static final Transient NOT_EMPTY = lettingGo("log files still arriving", codes("BucketNotEmpty"));

    /**
     * An ALB told to write access logs into a bucket whose policy S3 has not spread yet: ELB
     * checks it can write there and answers {@code InvalidConfigurationRequest} "Access Denied for bucket".
     */
    public static final Transient BUCKET_POLICY_NOT_VISIBLE_YET = settling(
            "bucket policy not visible yet",
            e -> "InvalidConfigurationRequest".equals(AwsCall.code(e))
                    && message(e).contains("Access Denied for bucket"));

    /**
     * An Enhanced Monitoring role made a moment ago that RDS cannot assume yet: CreateDBInstance
     * and ModifyDBInstance answer {@code InvalidParameterValue} "IAM role ARN value is invalid or
     * does not include the required permissions for: ENHANCED_MONITORING" until IAM has spread it
     * (infrastructure tools wait out the same answer). A role that is wrong for good fails after
     * the wait, still naming AWS's message.
     */
    public static final Transient MONITORING_ROLE_NOT_USABLE_YET = settling(
            "monitoring role not usable yet",
            e -> Set.of("InvalidParameterValue", "InvalidParameterCombination").contains(AwsCall.code(e))
                    && (message(e).contains("ENHANCED_MONITORING") || message(e).contains("not authorized to assume")));

    /**
     * A load balancer whose deletion protection was turned off a moment ago that ELB still
     * refuses to delete: {@code OperationNotPermitted} "... cannot be deleted because deletion
     * protection is enabled" (the ELB API reference's error for DeleteLoadBalancer).
     */
    public static final Transient PROTECTION_STILL_ON = settling(
            "deletion protection still on",
            e -> "OperationNotPermitted".equals(AwsCall.code(e))
                    && message(e).toLowerCase(java.util.Locale.ROOT).contains("deletion protection"));

    /**
     * WAF does not see a web ACL or load balancer it was just told of
     * ({@code WAFUnavailableEntityException}: AWS's advice is to retry), or a delete finds the ACL
     * still associated with a load balancer just disassociated or deleted ({@code WAFAssociatedItemException}).
     */
    public static final Transient WAF_SETTLING =
            settling("WAF not up to date yet", codes("WAFUnavailableEntityException", "WAFAssociatedItemException"));

    private final Progress progress;
    private final Clock clock;
    private final Poll.Sleeper sleeper;

    /** Clock and sleeper are parameters so tests run through minutes of retries at once. */
    public Retry(Progress progress, Clock clock, Poll.Sleeper sleeper) {
        this.progress = progress;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public static Retry real(Progress progress) {
        return new Retry(progress, Clock.systemUTC(), Poll.REAL_SLEEP);
    }

    /**
     * A wait for a resource to become ready or go away, asking first after {@code first}, then
     * up to every {@code max}, on this run's clock and sleeper: a test's quick Retry makes
     * these waits quick too.
     */
    public Poll poll(Duration first, Duration max) {
        return new Poll(clock, sleeper, first, max);
    }

    /**
     * Runs {@code call}; while it fails with an answer {@code waitOut} matches, asks again with
     * backoff, showing {@code what} and the code, until it goes through (returned) or the
     * deadline passes (exit 1 naming {@code what} and the last code). Any other error is thrown
     * as it is, at once, for the caller's {@link AwsCall} to name.
     */
    public <T> T call(String what, Transient waitOut, Supplier<T> call) {
        Attempt<T> first = attempt(call, waitOut);
        if (first.done()) {
            return first.value(); // the usual case: no progress line for a call that just works
        }
        boolean[] firstShown = {false};
        Attempt<T> last = new Poll(clock, sleeper, waitOut.first(), waitOut.max())
                .until(
                        what,
                        waitOut.timeout(),
                        () -> {
                            if (!firstShown[0]) {
                                firstShown[0] = true;
                                return first; // shown before the first wait, not asked twice in a row
                            }
                            return attempt(call, waitOut);
                        },
                        a -> a.done() ? "done" : "refused with " + a.code() + " (" + a.reason() + ")",
                        Attempt::done,
                        progress);
        return last.value();
    }

    public void run(String what, Transient waitOut, Runnable call) {
        call(what, waitOut, () -> {
            call.run();
            return null;
        });
    }

    private record Attempt<T>(T value, String code, String reason) {
        boolean done() {
            return code == null;
        }
    }

    private static <T> Attempt<T> attempt(Supplier<T> call, Transient waitOut) {
        try {
            return new Attempt<>(call.get(), null, null);
        } catch (AwsServiceException e) {
            Optional<String> reason = waitOut.reason().apply(e);
            if (reason.isEmpty()) {
                throw e;
            }
            return new Attempt<>(null, AwsCall.code(e), reason.get());
        }
    }

    static Transient settling(String name, Predicate<AwsServiceException> matches) {
        return new Transient(SETTLE, Duration.ofSeconds(1), Duration.ofSeconds(10), named(name, matches));
    }

    static Transient lettingGo(String name, Predicate<AwsServiceException> matches) {
        return new Transient(LET_GO, Duration.ofSeconds(5), Duration.ofSeconds(20), named(name, matches));
    }

    private static Function<AwsServiceException, Optional<String>> named(
            String name, Predicate<AwsServiceException> matches) {
        return e -> matches.test(e) ? Optional.of(name) : Optional.empty();
    }

    static Predicate<AwsServiceException> codes(String... codes) {
        Set<String> set = Set.of(codes);
        return e -> set.contains(AwsCall.code(e));
    }

    private static String message(AwsServiceException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                ? ""
                : e.awsErrorDetails().errorMessage();
    }
}

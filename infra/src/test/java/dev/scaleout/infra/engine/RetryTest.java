package dev.scaleout.infra.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scaleout.support.ExitException;
import dev.scaleout.support.Progress;
import dev.scaleout.support.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The retry's rules on made-up AWS errors; the calls against moto with AWS's answers injected are in AwsRetriesIT. */
class RetryTest {

    final MutableClock clock = new MutableClock();
    final List<Duration> sleeps = new ArrayList<>();
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final Progress progress = new Progress(new PrintStream(printed, true, StandardCharsets.UTF_8), clock, false);
    final Retry retry = new Retry(progress, clock, d -> {
        sleeps.add(d);
        clock.advance(d);
    });

    static AwsServiceException error(String code, String message) {
        return AwsServiceException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .build())
                .build();
    }

    /** Fails with {@code error} {@code times} times, then answers "ok". */
    static java.util.function.Supplier<String> failing(int times, AwsServiceException error, AtomicInteger calls) {
        return () -> {
            if (calls.incrementAndGet() <= times) {
                throw error;
            }
            return "ok";
        };
    }

    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCallThatWorksIsMadeOnceWithoutAProgressLine() {
        AtomicInteger calls = new AtomicInteger();
        assertThat(retry.call("CreateRoute rtb-1", Retry.NOT_VISIBLE_YET, failing(0, null, calls)))
                .isEqualTo("ok");
        assertThat(calls).hasValue(1);
        assertThat(printed()).isEmpty();
    }

    @Test
    void aNotFoundRightAfterACreateIsAskedAgainWithBackoffAndShown() {
        AtomicInteger calls = new AtomicInteger();
        String answer = retry.call(
                "CreateRoute rtb-1 0.0.0.0/0",
                Retry.NOT_VISIBLE_YET,
                failing(3, error("InvalidRouteTableID.NotFound", "The routeTable ID 'rtb-1' does not exist"), calls));
        assertThat(answer).isEqualTo("ok");
        assertThat(calls).hasValue(4);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(printed()).isEqualTo("""
                        CreateRoute rtb-1 0.0.0.0/0: refused with InvalidRouteTableID.NotFound (not visible yet) (0s)
                        CreateRoute rtb-1 0.0.0.0/0: done (7s)
                        """);
    }

    @Test
    void anErrorThatWaitingCannotClearIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        AwsServiceException denied =
                error("UnauthorizedOperation", "You are not authorized to perform this operation.");
        assertThatThrownBy(() -> retry.call("CreateRoute rtb-1", Retry.NOT_VISIBLE_YET, failing(5, denied, calls)))
                .isSameAs(denied);
        assertThat(calls).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aProfileIsWaitedForOnlyWhenTheMessageSaysItIsTheProfile() {
        AtomicInteger calls = new AtomicInteger();
        retry.call(
                "RunInstances my-bastion-host",
                Retry.PROFILE_NOT_VISIBLE_YET,
                failing(
                        2,
                        error(
                                "InvalidParameterValue",
                                "Value (my-app-role) for parameter iamInstanceProfile.name is"
                                        + " invalid. Invalid IAM Instance Profile name"),
                        calls));
        assertThat(calls).hasValue(3);

        AwsServiceException badType = error("InvalidParameterValue", "Invalid value 't3.nano2' for InstanceType.");
        AtomicInteger once = new AtomicInteger();
        assertThatThrownBy(() -> retry.call("RunInstances x", Retry.PROFILE_NOT_VISIBLE_YET, failing(5, badType, once)))
                .isSameAs(badType);
        assertThat(once).hasValue(1);
    }

    @Test
    void pastTheDeadlineItStopsNamingTheCallAndTheLastCode() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.call(
                        "AddRoleToInstanceProfile my-app-role",
                        Retry.IAM_NOT_VISIBLE_YET,
                        failing(1000, error("NoSuchEntity", "The role with name my-app-role cannot be found."), calls)))
                .isInstanceOf(ExitException.class)
                .hasMessage("AddRoleToInstanceProfile my-app-role: still refused with NoSuchEntity (IAM not visible"
                        + " yet) after 2m00s; gave up waiting (it may still finish on AWS)");
        assertThat(clock.instant()).isBefore(new MutableClock().instant().plus(Duration.ofMinutes(2)));
        assertThat(calls.get()).isBetween(10, 20);
    }

    @Test
    void anAddressIsReleasedOnceTheNatLetsGoButOnlyTheseCodesAreWaitedFor() {
        AtomicInteger calls = new AtomicInteger();
        retry.run("release elastic-ip/my-nat-eip-a", Retry.ADDRESS_HELD, () -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                throw error("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID 'eni-1' does not exist");
            }
            if (n == 2) {
                throw error("AuthFailure", "You do not have permission to access the specified resource.");
            }
        });
        assertThat(calls).hasValue(3);
        assertThat(printed())
                .contains("refused with InvalidNetworkInterfaceID.NotFound")
                .contains("refused with AuthFailure")
                .contains("done");
        // AuthFailure is waited out only where AWS answers it for a held address.
        AwsServiceException auth = error("AuthFailure", "AWS was not able to validate the provided credentials.");
        assertThatThrownBy(
                        () -> retry.call("CreateRoute x", Retry.NOT_VISIBLE_YET, failing(3, auth, new AtomicInteger())))
                .isSameAs(auth);
    }

    @Test
    void combinedKindsWaitAsLongAsTheLonger() {
        Retry.Transient both = Retry.NOT_VISIBLE_YET.or(Retry.IN_USE);
        assertThat(both.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(both.reason().apply(error("ResourceInUse", "x"))).contains("still in use");
        assertThat(both.reason().apply(error("InvalidSubnetID.NotFound", "x"))).contains("not visible yet");
        assertThat(both.matches(error("LimitExceeded", "x"))).isFalse();
    }
}

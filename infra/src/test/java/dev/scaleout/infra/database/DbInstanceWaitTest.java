package dev.scaleout.infra.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.Spec;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import dev.scaleout.support.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;

/** The waits over the states real RDS goes through, which moto skips (its instances are available at once). */
class DbInstanceWaitTest {

    final ByteArrayOutputStream shown = new ByteArrayOutputStream();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final Progress progress = new Progress(new PrintStream(shown), clock, false);
    final Poll poll = new Poll(clock, clock::advance, Duration.ofSeconds(10), Duration.ofSeconds(30));
    final Spec spec = DbInstanceType.SCHEMA.spec("my-db").build();

    @Test
    void readyWaitsThroughCreatingAndBackingUp() {
        RdsClient rds = states("creating", "creating", "backing-up", "available");
        new DbInstanceType(rds, poll, clock).awaitReady("my-db", spec, progress);
        assertThat(shown.toString())
                .contains("database my-db: creating", "database my-db: backing-up", "database my-db: available");
    }

    @Test
    void aDatabaseBeingDeletedIsNotWaitedForAsIfItWereComing() {
        RdsClient rds = states("deleting");
        assertThatThrownBy(() -> new DbInstanceType(rds, poll, clock).awaitReady("my-db", spec, progress))
                .isInstanceOf(ExitException.class)
                .hasMessageContaining("is deleting");
    }

    @Test
    void readyGivesUpAfterItsDeadline() {
        RdsClient rds = states("creating");
        assertThatThrownBy(() -> new DbInstanceType(rds, poll, clock).awaitReady("my-db", spec, progress))
                .isInstanceOf(ExitException.class)
                .hasMessageContaining("still creating after 40m00s");
    }

    @Test
    void deletedWaitsUntilRdsNoLongerKnowsIt() {
        RdsClient rds = states("deleting", "deleting", null);
        Actual actual = Actual.of("db-instance", "my-db", "my-db", Map.of(), "deleting");
        new DbInstanceType(rds, poll, clock).awaitDeleted(actual, progress);
        assertThat(shown.toString()).contains("database my-db: deleting", "database my-db: deleted");
    }

    /** An RDS that answers DescribeDBInstances with these states in turn (null: not found), the last one for ever. */
    static RdsClient states(String... states) {
        Deque<String> left = new ArrayDeque<>(java.util.Arrays.asList(states).stream()
                .map(s -> s == null ? "" : s)
                .toList());
        return new RdsClient() {
            @Override
            public DescribeDbInstancesResponse describeDBInstances(
                    Consumer<DescribeDbInstancesRequest.Builder> request) {
                String state = left.size() > 1 ? left.poll() : left.peek();
                if (state.isEmpty()) {
                    throw DbInstanceNotFoundException.builder()
                            .message("not found")
                            .build();
                }
                return DescribeDbInstancesResponse.builder()
                        .dbInstances(DBInstance.builder()
                                .dbInstanceIdentifier("my-db")
                                .dbInstanceStatus(state)
                                .build())
                        .build();
            }

            @Override
            public String serviceName() {
                return "rds";
            }

            @Override
            public void close() {}
        };
    }
}

package dev.scaleout.app.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scaleout.support.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentValueTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void readersWithinTheWindowShareOneRead() {
        AtomicInteger reads = new AtomicInteger();
        RecentValue<Integer> value = new RecentValue<>(reads::incrementAndGet, Duration.ofSeconds(1), clock);

        assertThat(value.get()).isEqualTo(1);
        clock.advance(Duration.ofMillis(999));
        assertThat(value.get()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(value.get()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aFailedReadIsNotKeptSoTheNextReaderTriesAgain() {
        AtomicInteger calls = new AtomicInteger();
        RecentValue<Integer> value = new RecentValue<>(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database down");
            }
            return 7;
        }, Duration.ofSeconds(1), clock);

        assertThatThrownBy(value::get).hasMessage("database down");
        assertThat(value.get()).isEqualTo(7);
    }

    @Test
    void whileOneReaderRefreshesTheOthersGetThePreviousRead() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        java.util.concurrent.CountDownLatch inSource = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        RecentValue<Integer> value = new RecentValue<>(() -> {
            int n = reads.incrementAndGet();
            if (n == 2) { // the refresh blocks, as a slow query would
                inSource.countDown();
                await(release);
            }
            return n;
        }, Duration.ofSeconds(1), clock);
        assertThat(value.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));

        Thread refresher = new Thread(value::get);
        refresher.start();
        inSource.await();
        assertThat(value.get()).as("not blocked behind the refresh").isEqualTo(1);
        release.countDown();
        refresher.join();
        assertThat(value.get()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aZeroWindowReadsEveryTime() {
        AtomicInteger reads = new AtomicInteger();
        RecentValue<Integer> value = new RecentValue<>(reads::incrementAndGet, Duration.ZERO, clock);
        value.get();
        value.get();
        assertThat(reads).hasValue(2);
    }
}

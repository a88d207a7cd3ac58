package dev.scaleout.app.stress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One running burn: {@code cores} daemon threads that each hold a {@code load}% duty cycle
 * until the deadline or {@link #stop()}, whichever comes first. Daemon threads and a
 * deadline checked in every loop mean a burn can never outlive its time or the JVM.
 */
final class CpuBurn {

    static final String THREAD_PREFIX = "stress-burn-";

    private final StressPlan plan;
    private final Instant startedAt;
    private final long deadlineNanos;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    private CpuBurn(StressPlan plan) {
        this.plan = plan;
        this.startedAt = Instant.now();
        this.deadlineNanos =
                System.nanoTime() + Duration.ofSeconds(plan.seconds()).toNanos();
    }

    static CpuBurn start(StressPlan plan) {
        CpuBurn burn = new CpuBurn(plan);
        for (int i = 0; i < plan.cores(); i++) {
            Thread thread = new Thread(new DutyCycleWorker(plan.load(), burn::shouldRun), THREAD_PREFIX + i);
            thread.setDaemon(true);
            burn.threads.add(thread);
        }
        burn.threads.forEach(Thread::start);
        return burn;
    }

    boolean shouldRun() {
        return !stopped && System.nanoTime() - deadlineNanos < 0;
    }

    /** Running from the client's point of view: neither stopped nor past the deadline. */
    boolean isRunning() {
        return shouldRun();
    }

    /** Asks every thread to end and wakes the sleeping ones; they exit within one slice. */
    void stop() {
        stopped = true;
        threads.forEach(Thread::interrupt);
    }

    /** Waits up to {@code timeout} for the threads to end; true when all have. */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return threads.stream().noneMatch(Thread::isAlive);
            }
            thread.join(Math.max(1, left / 1_000_000));
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    StressPlan plan() {
        return plan;
    }

    Instant startedAt() {
        return startedAt;
    }

    Instant endsAt() {
        return startedAt.plusSeconds(plan.seconds());
    }

    Duration remaining() {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 || stopped ? Duration.ZERO : Duration.ofNanos(left);
    }
}

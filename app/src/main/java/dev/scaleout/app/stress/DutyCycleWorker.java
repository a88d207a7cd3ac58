package dev.scaleout.app.stress;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Keeps one thread busy {@code load}% of the time. Rather than a fixed on/off pattern, it
 * steers by its own CPU time: it spins in short slices while the thread has used less CPU
 * than {@code load% x elapsed wall time}, and sleeps while it is ahead. So time lost to
 * other processes, steal on burstable instances or coarse sleeps is made up, and the
 * average over a run lands on the target.
 */
final class DutyCycleWorker implements Runnable {

    /** Granularity of the busy part: short enough to look smooth to a 1 s sampler. */
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Longest sleep, so a stop or deadline is noticed quickly even without an interrupt. */
    static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * Most CPU time the worker will try to make up. After a long freeze (a paused VM, a
     * starved host) it should resume the duty cycle, not spin flat out for minutes.
     */
    static final long MAX_DEBT_NANOS = TimeUnit.SECONDS.toNanos(3);

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int load;
    private final BooleanSupplier keepRunning;
    private long spunNanos; // fallback CPU clock when the JVM cannot measure thread CPU time
    private volatile long sink; // keeps the JIT from removing the busy work

    DutyCycleWorker(int load, BooleanSupplier keepRunning) {
        this.load = load;
        this.keepRunning = keepRunning;
    }

    @Override
    public void run() {
        if (load >= 100) {
            while (keepRunning.getAsBoolean()) {
                spin(SLICE_NANOS);
            }
            return;
        }
        boolean measured = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
        long wallStart = System.nanoTime();
        long cpuStart = measured ? THREADS.getCurrentThreadCpuTime() : 0;
        while (keepRunning.getAsBoolean()) {
            long used = (measured ? THREADS.getCurrentThreadCpuTime() : spunNanos) - cpuStart;
            long due = (System.nanoTime() - wallStart) * load / 100;
            long behind = due - used;
            if (behind > MAX_DEBT_NANOS) {
                cpuStart -= behind - MAX_DEBT_NANOS; // forgive the excess debt
                behind = MAX_DEBT_NANOS;
            }
            if (behind > 0) {
                spin(SLICE_NANOS);
            } else if (!sleep(Math.min(-behind * 100 / load, MAX_SLEEP_NANOS))) {
                return;
            }
        }
    }

    private void spin(long nanos) {
        long start = System.nanoTime();
        long x = sink | 1;
        long now = start;
        while (now - start < nanos) {
            for (int i = 0; i < 2_000; i++) { // xorshift: cheap, real ALU work
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            now = System.nanoTime();
        }
        sink = x;
        spunNanos += now - start;
    }

    /** Sleeps at least 1 ms; false when interrupted, which is how a stop wakes us. */
    private static boolean sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(Math.max(nanos, TimeUnit.MILLISECONDS.toNanos(1)));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

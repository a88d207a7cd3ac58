package dev.scaleout.app.stress;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;

/** The burn threads alive in this JVM: the ground truth for "is it still burning". */
final class BurnThreads {

    private BurnThreads() {}

    static List<Thread> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(CpuBurn.THREAD_PREFIX))
                .toList();
    }

    /** The CPU time these threads used so far, in nanoseconds (an ended thread counts 0). */
    static long cpuNanos(List<Thread> threads) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return threads.stream()
                .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId())))
                .sum();
    }

    /** Polls until no burn thread is alive; true when that happened within {@code limit}. */
    static boolean endWithin(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() - end < 0) {
            if (alive().isEmpty()) {
                return true;
            }
            Thread.sleep(20);
        }
        return alive().isEmpty();
    }
}

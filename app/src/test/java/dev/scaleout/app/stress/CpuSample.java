package dev.scaleout.app.stress;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * CPU counters at one instant: this JVM's CPU time, and the whole machine's busy and idle
 * jiffies from /proc/stat (absent off Linux), to tell a short burner from a saturated host.
 */
record CpuSample(long wallNanos, long processCpuNanos, long machineIdle, long machineTotal) {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final Path PROC_STAT = Path.of("/proc/stat");

    static CpuSample now() {
        long idle = -1;
        long total = -1;
        try {
            if (Files.isReadable(PROC_STAT)) {
                // "cpu  user nice system idle iowait irq softirq steal ..."
                String[] f = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
                long[] v = Arrays.stream(f, 1, Math.min(f.length, 9))
                        .mapToLong(Long::parseLong)
                        .toArray();
                idle = v[3] + v[4];
                total = Arrays.stream(v).sum();
            }
        } catch (IOException | RuntimeException e) {
            idle = -1; // no machine view: the caller asserts strictly
        }
        return new CpuSample(System.nanoTime(), OS.getProcessCpuTime(), idle, total);
    }

    /** This process's CPU since {@code earlier}, in percent of one core. */
    double processPercentSince(CpuSample earlier) {
        return 100.0 * (processCpuNanos - earlier.processCpuNanos) / (wallNanos - earlier.wallNanos);
    }

    /** Share of the machine's CPU left idle since {@code earlier}, in percent; -1 if unknown. */
    double machineIdlePercentSince(CpuSample earlier) {
        if (machineTotal < 0 || earlier.machineTotal < 0 || machineTotal == earlier.machineTotal) {
            return -1;
        }
        return 100.0 * (machineIdle - earlier.machineIdle) / (machineTotal - earlier.machineTotal);
    }
}

package dev.scaleout.app.fleet;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/** The instance's CPU use, the figure the target-tracking policy scales on. */
final class CpuLoad {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuLoad() {}

    /** Whole-machine CPU in percent since the last call, or null where the JVM cannot tell. */
    static Double percent() {
        double load = OS.getCpuLoad();
        return load < 0 ? null : Math.round(load * 1000) / 10.0;
    }
}

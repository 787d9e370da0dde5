package com.qanatix.benchmarks.support;

import java.lang.management.ManagementFactory;

/**
 * CPU time this JVM has used, all threads together (the pull's, a read-ahead thread's, the
 * collector's and the compiler's). Per row, it says how much of the machine a side needs, which
 * wall-clock rows/s hide when the database shares the cores.
 */
public final class ProcessCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {
    }

    /** @return nanoseconds of CPU used by this process so far */
    public static long nanos() {
        return OS.getProcessCpuTime();
    }
}

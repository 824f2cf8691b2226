package dev.vigil.perf.host;

import java.lang.management.ManagementFactory;

/**
 * The clocks a host-cost step is measured with: the whole process's CPU time (ONNX Runtime's pool
 * threads included, which no Java thread clock sees), the calling thread's CPU time, and the bytes
 * the calling thread allocated (what a copy of a payload shows up as).
 */
final class CpuClock {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private CpuClock() {}

    static long processCpuNanos() {
        return OS.getProcessCpuTime();
    }

    static long threadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    static long threadAllocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}

package dev.vigil.perf.host;

/**
 * A fixed amount of CPU work on the calling thread, standing for what the inference operator's
 * thread does between model runs. Fixed work, not fixed time: if pool threads spin on the same
 * cores, the work takes longer, which is the cost being measured.
 */
final class HostWork {
    private static volatile long sink;

    private HostWork() {}

    /** How many iterations take about {@code millis} of this thread's CPU time, measured now. */
    static long iterationsFor(double millis) {
        long iterations = 1 << 16;
        run(iterations); // JIT warm-up
        while (true) {
            long start = CpuClock.threadCpuNanos();
            run(iterations);
            long took = CpuClock.threadCpuNanos() - start;
            if (took > 20_000_000L) {
                return (long) (iterations * (millis * 1e6 / took));
            }
            iterations *= 2;
        }
    }

    static void run(long iterations) {
        long x = sink;
        for (long i = 0; i < iterations; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }

    /** Keeps a result alive so the JIT cannot drop the work that produced it. */
    static void consume(long value) {
        sink += value;
    }
}

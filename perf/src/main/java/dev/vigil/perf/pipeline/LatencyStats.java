package dev.vigil.perf.pipeline;

import org.HdrHistogram.Histogram;

/** Percentiles of one latency histogram, in milliseconds, and how many frames it holds. */
record LatencyStats(long count, double p50, double p95, double p99, double max) {
    /** Latencies up to an hour, in microseconds, three significant digits. */
    static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    /** Summary of a histogram recorded in microseconds. */
    static LatencyStats of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LatencyStats(
                micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(95)),
                ms(micros.getValueAtPercentile(99)),
                ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}

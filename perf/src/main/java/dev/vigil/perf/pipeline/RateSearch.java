package dev.vigil.perf.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The search for the highest offered rate the pipeline sustains with the producer running: a
 * bracket found by stepping up from the start by {@value #UP} (or down by {@value #DOWN}) until a
 * probe fails (or passes), then bisection, for a fixed number of probes. The answer is the highest
 * rate a probe sustained; NaN if none did.
 */
final class RateSearch {
    static final double UP = 1.5;
    static final double DOWN = 0.6;

    /** Delivered at least this share of the offered frames within the probe's grace. */
    static final double DELIVERED = 0.98;

    /** Lag "not growing": the late half's mean lag at most this times the early half's ... */
    static final double LAG_GROWTH = 1.25;

    /** ... plus this, in ms, so a few ms of jitter on a short lag does not fail a probe. */
    static final double LAG_SLACK_MS = 50;

    private RateSearch() {}

    /**
     * One fixed-rate probe.
     *
     * @param offered frames per second offered
     * @param deliveredShare share of the probe's frames whose detection arrived in time
     * @param earlyLagMs mean detection lag of the probe's first half of frames
     * @param lateLagMs mean detection lag of its second half
     * @param p99LagMs the 99th percentile of the probe's detection lags
     * @param p99InStageMs the 99th percentile of its frames' time in the inference stage, arrival
     *     to the end of their batch's run: the span a batch policy's latency budget covers
     */
    record Probe(
            double offered,
            double deliveredShare,
            double earlyLagMs,
            double lateLagMs,
            double p99LagMs,
            double p99InStageMs) {
        boolean sustained() {
            return deliveredShare >= DELIVERED
                    && lateLagMs <= earlyLagMs * LAG_GROWTH + LAG_SLACK_MS;
        }

        /**
         * Sustained, with 99 % of its frames through the inference stage within {@code budgetMs}.
         */
        boolean sustainedWithin(double budgetMs) {
            return sustained() && p99InStageMs <= budgetMs;
        }
    }

    /** Runs one probe at an offered rate. */
    interface Prober {
        Probe probe(double framesPerSecond) throws Exception;
    }

    /**
     * What the search found: the highest sustained rate and every probe, in order, with whether it
     * passed.
     */
    record Result(double sustained, List<Probe> probes, List<Boolean> passed) {}

    static Result search(double start, int probes, Prober prober) throws Exception {
        return search(start, probes, prober, Probe::sustained);
    }

    /** The search with {@code passes} deciding which probes count as sustained. */
    static Result search(double start, int probes, Prober prober, Predicate<Probe> passes)
            throws Exception {
        if (!(start > 0) || probes < 1) {
            throw new IllegalArgumentException(
                    "A rate search needs a positive start and at least one probe, got "
                            + start
                            + " frames/s and "
                            + probes);
        }
        double low = Double.NaN; // highest sustained so far
        double high = Double.NaN; // lowest failed so far
        double rate = start;
        List<Probe> done = new ArrayList<>();
        List<Boolean> passed = new ArrayList<>();
        for (int i = 0; i < probes; i++) {
            Probe probe = prober.probe(rate);
            done.add(probe);
            passed.add(passes.test(probe));
            if (passed.get(i)) {
                low = Double.isNaN(low) ? rate : Math.max(low, rate);
            } else {
                high = Double.isNaN(high) ? rate : Math.min(high, rate);
            }
            if (Double.isNaN(high)) {
                rate = low * UP;
            } else if (Double.isNaN(low)) {
                rate = high * DOWN;
            } else {
                rate = (low + high) / 2;
            }
        }
        return new Result(low, List.copyOf(done), List.copyOf(passed));
    }
}

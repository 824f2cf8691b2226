package dev.vigil.job.inference;

/**
 * The run time of a batch per batch size, learnt from the batches that ran: a moving average per
 * size measured, and for a size not measured yet an estimate from its measured neighbours.
 */
final class BatchRunTimes {
    /**
     * Weight of a new measurement: a model's run time drifts (other load on the machine, clock
     * changes), and a quarter forgets one odd run (a first run of a new shape) within a few
     * batches.
     */
    private static final double WEIGHT = 0.25;

    /** Average run time per size, index = size; 0 where that size has not run yet. */
    private final double[] averageNanos;

    BatchRunTimes(int maxBatch) {
        averageNanos = new double[maxBatch + 1];
    }

    void record(int size, long runNanos) {
        double run = Math.max(1, runNanos); // 0 means "not measured"
        double average = averageNanos[size];
        averageNanos[size] = average == 0 ? run : average + WEIGHT * (run - average);
    }

    boolean learnt() {
        for (int size = 1; size < averageNanos.length; size++) {
            if (averageNanos[size] > 0) {
                return true;
            }
        }
        return false;
    }

    /** The measured average for this size, 0 if none of this size has run. */
    long measuredNanos(int size) {
        return Math.round(averageNanos[size]);
    }

    /**
     * The expected run time of a batch of {@code size}, once {@link #learnt()}. A size between two
     * measured ones is interpolated. Above the largest measured one it grows in proportion to the
     * size and below the smallest it is taken as that one's: both over- rather than underestimate
     * (a batch costs at most its frames run alone), so the policy errs towards sending early.
     */
    long expectedNanos(int size) {
        if (averageNanos[size] > 0) {
            return Math.round(averageNanos[size]);
        }
        int below = size - 1;
        while (below >= 1 && averageNanos[below] == 0) {
            below--;
        }
        int above = size + 1;
        while (above < averageNanos.length && averageNanos[above] == 0) {
            above++;
        }
        if (below < 1 && above >= averageNanos.length) {
            throw new IllegalStateException("No batch has run yet: nothing to estimate from");
        }
        if (above >= averageNanos.length) {
            return Math.round(averageNanos[below] * size / below);
        }
        if (below < 1) {
            return Math.round(averageNanos[above]);
        }
        double share = (double) (size - below) / (above - below);
        return Math.round(
                averageNanos[below] + share * (averageNanos[above] - averageNanos[below]));
    }
}

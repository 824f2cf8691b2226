package dev.vigil.nn.synthetic;

/**
 * A fault injected into a {@link VibrationSignal} over samples {@code start} (inclusive) to {@code
 * end} (exclusive) of its source.
 */
public record SignalFault(Kind kind, long start, long end) {
    /** What goes wrong with the machine or its sensor. */
    public enum Kind {
        /**
         * Bearing-like: a decaying impulse every {@value VibrationSignal#IMPULSE_PERIOD} samples.
         */
        IMPULSES,
        /**
         * The sensor's offset drifts away, by {@value VibrationSignal#DRIFT_PER_SAMPLE} a sample.
         */
        DRIFT,
        /** The sensor saturates: every sample clipped to ±{@value VibrationSignal#SATURATION}. */
        SATURATION,
        /**
         * The sensor loses contact and reads a flat 0. (Readings that never arrive are a gap in the
         * sequence, which the job's windows handle, not a fault of the signal.)
         */
        DROPOUT
    }

    public SignalFault {
        if (kind == null || start < 0 || end <= start) {
            throw new IllegalArgumentException(
                    "fault " + kind + " over samples " + start + ".." + end);
        }
    }

    boolean covers(long sample) {
        return sample >= start && sample < end;
    }
}

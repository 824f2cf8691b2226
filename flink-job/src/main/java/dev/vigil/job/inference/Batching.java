package dev.vigil.job.inference;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the inference stage forms batches.
 *
 * @param maxBatch a batch is sent as soon as it holds this many frames
 * @param maxDelay ... or, under {@link BatchPolicy#FIXED}, when its oldest frame has waited this
 *     long
 * @param maxInFlight batches sent but not yet emitted; when reached, the task thread waits, which
 *     turns overload into backpressure on the source instead of memory growth. 2 lets the next
 *     batch fill while one computes.
 * @param policy when a batch that is not full is sent
 * @param latencyBudget the longest a frame should take from its arrival at the stage to the end of
 *     its batch's run: {@link BatchPolicy#ADAPTIVE} sends by it; under either policy, frames past
 *     it are counted ({@code framesOverBudget})
 */
public record Batching(
        int maxBatch,
        Duration maxDelay,
        int maxInFlight,
        BatchPolicy policy,
        Duration latencyBudget)
        implements Serializable {
    public static final Duration DEFAULT_LATENCY_BUDGET = Duration.ofMillis(100);

    public Batching {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must not be negative, got " + maxDelay);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException(
                    "maxInFlight must be at least 1, got " + maxInFlight);
        }
        if (policy == null) {
            throw new IllegalArgumentException("policy must be one of FIXED, ADAPTIVE, got null");
        }
        if (latencyBudget.isNegative() || latencyBudget.isZero()) {
            throw new IllegalArgumentException(
                    "latencyBudget must be positive, got " + latencyBudget);
        }
    }

    /** The fixed policy, with the default latency budget for {@code framesOverBudget}. */
    public Batching(int maxBatch, Duration maxDelay, int maxInFlight) {
        this(maxBatch, maxDelay, maxInFlight, BatchPolicy.FIXED, DEFAULT_LATENCY_BUDGET);
    }
}

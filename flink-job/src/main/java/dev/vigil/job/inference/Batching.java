package dev.vigil.job.inference;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the inference stage forms batches.
 *
 * @param maxBatch a batch is sent as soon as it holds this many frames
 * @param maxDelay ... or when its oldest frame has waited this long
 * @param maxInFlight batches sent but not yet emitted; when reached, the task thread waits, which
 *     turns overload into backpressure on the source instead of memory growth. 2 lets the next
 *     batch fill while one computes.
 */
public record Batching(int maxBatch, Duration maxDelay, int maxInFlight) implements Serializable {
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
    }
}

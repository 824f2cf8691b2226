package dev.vigil.job.inference;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The decision of {@link BatchPolicy#ADAPTIVE}: by when the open batch must be sent so that its
 * oldest frame's run ends within the latency budget. Times are nanoseconds of one monotonic clock
 * the caller reads ({@code System.nanoTime()} in the operator), so it runs without Flink.
 *
 * <p>A batch sent now starts when the worker, which runs batches one at a time in the order sent,
 * has finished the batches ahead of it, and ends a run time later ({@link BatchRunTimes}). The open
 * batch of {@code n} frames goes now if one more frame would make its oldest miss the budget, else
 * at the latest moment {@code n} frames still make it. When not even sending now makes it
 * (overload), it sends as {@link BatchPolicy#FIXED} does: at {@code maxBatch} frames or after
 * {@code maxDelay}. Sending at once instead would shrink the batches and with them the throughput
 * exactly when the stage falls behind. Before any batch has run it also sends as FIXED does.
 */
final class AdaptiveBatchPolicy {
    private final int maxBatch;
    private final long budgetNanos;
    private final long maxDelayNanos;
    private final BatchRunTimes runTimes;
    private final Deque<Sent> sent = new ArrayDeque<>();
    private long lastEndNanos = Long.MIN_VALUE;

    private record Sent(int size, long atNanos) {}

    AdaptiveBatchPolicy(Batching batching) {
        this.maxBatch = batching.maxBatch();
        this.budgetNanos = batching.latencyBudget().toNanos();
        this.maxDelayNanos = batching.maxDelay().toNanos();
        this.runTimes = new BatchRunTimes(maxBatch);
    }

    /**
     * When to send the open batch of {@code size} frames whose oldest arrived at {@code
     * oldestNanos}: at or before {@code nowNanos} means now.
     */
    long sendByNanos(long oldestNanos, int size, long nowNanos) {
        if (size >= maxBatch) {
            return nowNanos;
        }
        long fixed = oldestNanos + maxDelayNanos;
        if (!runTimes.learnt()) {
            return fixed;
        }
        long deadline = oldestNanos + budgetNanos;
        long start = Math.max(nowNanos, workerFreeNanos(nowNanos));
        if (start + runTimes.expectedNanos(size) > deadline) {
            return fixed; // overload: the budget is lost, keep the batches full
        }
        if (start + runTimes.expectedNanos(size + 1) > deadline) {
            return nowNanos; // one more frame would break the budget
        }
        return deadline - runTimes.expectedNanos(size);
    }

    /** A batch of {@code size} frames was handed to the worker. */
    void sent(int size, long nowNanos) {
        sent.addLast(new Sent(size, nowNanos));
    }

    /**
     * The oldest batch sent has run from {@code startNanos} to {@code endNanos}; {@code measured}
     * is false when its run time is not a batch's (it was split up and re-run frame by frame).
     */
    void completed(long startNanos, long endNanos, boolean measured) {
        Sent batch = sent.pollFirst();
        if (batch == null) {
            throw new IllegalStateException("A batch completed that was never sent");
        }
        if (measured) {
            runTimes.record(batch.size(), endNanos - startNanos);
        }
        lastEndNanos = endNanos;
    }

    /** The learnt average run time of a batch of {@code size}, 0 before one has run. */
    long measuredRunNanos(int size) {
        return runTimes.measuredNanos(size);
    }

    /** When the worker is expected to have run every batch sent so far. */
    private long workerFreeNanos(long nowNanos) {
        long free = lastEndNanos;
        boolean running = true; // the first batch left is on the worker: it ends after now
        for (Sent batch : sent) {
            free = Math.max(free, batch.atNanos()) + runTimes.expectedNanos(batch.size());
            if (running) {
                free = Math.max(free, nowNanos);
                running = false;
            }
        }
        return free;
    }
}

package dev.vigil.job.inference;

/** When the inference stage sends its open batch (see {@link Batching}). */
public enum BatchPolicy {
    /**
     * At {@link Batching#maxBatch()} frames or when the oldest has waited {@link
     * Batching#maxDelay()}.
     */
    FIXED,
    /**
     * At {@link Batching#maxBatch()} frames, or as late as the oldest frame's {@link
     * Batching#latencyBudget()} allows, given the run times it has measured per batch size and the
     * batches still queued on the worker. Before its first measurement and while the budget cannot
     * be met, it sends as {@link #FIXED} does.
     */
    ADAPTIVE
}

package dev.vigil.nn;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * The outputs of one batch run, each one tensor for the whole batch in pooled direct memory.
 *
 * <p>Lifetime: the buffers are valid until {@link #close()}, which returns them to the pool;
 * reading after close fails fast. Not thread-safe: one caller reads one result.
 */
public final class BatchResult implements AutoCloseable {
    private final long batchSize;
    private final Map<String, FloatBuffer> outputs;
    private final Map<String, long[]> shapes;
    private final DirectBuffers pool;
    private boolean closed;

    BatchResult(
            long batchSize,
            Map<String, FloatBuffer> outputs,
            Map<String, long[]> shapes,
            DirectBuffers pool) {
        this.batchSize = batchSize;
        this.outputs = outputs;
        this.shapes = shapes;
        this.pool = pool;
    }

    public int batchSize() {
        return Math.toIntExact(batchSize);
    }

    public List<String> outputNames() {
        return List.copyOf(outputs.keySet());
    }

    /** The output's shape, batch dimension first. */
    public long[] shape(String output) {
        check(output);
        return shapes.get(output).clone();
    }

    /** The whole batch of one output, read-only; no copy. */
    public FloatBuffer output(String output) {
        check(output);
        return outputs.get(output).duplicate().rewind().asReadOnlyBuffer();
    }

    /** Frame {@code index}'s part of one output, read-only; no copy. */
    public FloatBuffer frame(String output, int index) {
        check(output);
        if (index < 0 || index >= batchSize) {
            throw new IndexOutOfBoundsException("frame " + index + " of a batch of " + batchSize);
        }
        int perFrame = Math.toIntExact(outputs.get(output).capacity() / batchSize);
        return outputs.get(output)
                .duplicate()
                .position(index * perFrame)
                .limit((index + 1) * perFrame)
                .slice()
                .asReadOnlyBuffer();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            outputs.values().forEach(pool::give);
        }
    }

    private void check(String output) {
        if (closed) {
            throw new IllegalStateException(
                    "This BatchResult is closed; read outputs before closing it");
        }
        if (!outputs.containsKey(output)) {
            throw new IllegalArgumentException(
                    "No output '" + output + "'; outputs are " + outputs.keySet());
        }
    }
}

package dev.vigil.nn;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * A slot's hold on a loaded model. While any lease on a model file is open, its session stays
 * loaded; closing the last one closes the session. A lease is used by one slot, but its runs may
 * overlap (pipelined batches).
 *
 * <p>Copies per {@link #run}: the input is used in place when it is a native-order direct buffer
 * (hand in your own, e.g. the Wasm host's tensor memory); a heap buffer is copied by ONNX Runtime
 * into a freshly allocated direct one, measured at 29 ms more per batch of eight 640×640 frames
 * than the direct path on two cores ({@code perf/RESULTS.md}). Outputs are written in place into
 * pooled direct buffers once the input shape has been seen (every shape after the first batch of
 * that shape, warm-up included); the first batch of a new shape copies each output once.
 */
public final class ModelLease implements AutoCloseable {
    private final ModelHost host;
    private final LoadedModel model;
    private final ModelDescriptor descriptor;
    private volatile boolean closed;

    ModelLease(ModelHost host, LoadedModel model, ModelDescriptor descriptor) {
        this.host = host;
        this.model = model;
        this.descriptor = descriptor;
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** The execution provider the model runs on. */
    public ExecutionProvider provider() {
        return model.provider();
    }

    /** Every provider tried when the model was loaded, with why the others were not chosen. */
    public List<ProviderAttempt> providerAttempts() {
        return model.attempts();
    }

    public int deviceIndex() {
        return model.deviceIndex();
    }

    /** Runs a batch through a single-input model; {@code shape} starts with the batch size. */
    public BatchResult run(FloatBuffer input, long... shape) {
        return run(null, input, shape);
    }

    /**
     * Runs a batch laid out as one tensor: {@code shape} starts with the batch size, and {@code
     * input} holds exactly that many floats from its position on.
     *
     * @throws InputMismatchException when name, element count or shape do not fit the model
     * @throws ModelRunException when ONNX Runtime fails; nothing is left allocated
     */
    public BatchResult run(String inputName, FloatBuffer input, long... shape) {
        if (closed) {
            throw new IllegalStateException("The lease on " + descriptor.ref() + " is closed");
        }
        TensorSpec spec = descriptor.input(inputName);
        if (!spec.accepts(shape)) {
            throw new InputMismatchException(
                    descriptor.ref()
                            + " input '"
                            + spec.name()
                            + "' expects shape "
                            + spec.shape()
                            + " (-1 = any), got "
                            + Shapes.text(shape));
        }
        int expected = Shapes.elements(shape);
        if (input.remaining() != expected) {
            throw new InputMismatchException(
                    descriptor.ref()
                            + " input '"
                            + spec.name()
                            + "' of shape "
                            + Shapes.text(shape)
                            + " needs "
                            + expected
                            + " floats, the buffer holds "
                            + input.remaining());
        }
        return model.run(descriptor.ref().toString(), spec.name(), input, shape);
    }

    /** Releases the lease; the last one closes the session. Closing twice does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            host.release(model);
        }
    }
}

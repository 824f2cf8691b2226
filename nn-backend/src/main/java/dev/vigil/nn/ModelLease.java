package dev.vigil.nn;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

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
 *
 * <p>Inputs are {@code FloatBuffer}s for {@value TensorSpec#FLOAT} inputs and {@code ByteBuffer}s
 * for {@value TensorSpec#UINT8} ones (8-bit pixels of a model that normalises in its graph), with
 * the same copy rules.
 *
 * <p>{@link #runInto} takes the output buffers from the caller instead (e.g. views of a Wasm
 * guest's memory): ONNX Runtime writes each output straight into them, so nothing is copied on
 * either side once the input shape has been seen.
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
        return runBuffer(inputName, input, shape);
    }

    /** {@link #run(String, FloatBuffer, long...)} for a uint8 input, e.g. 8-bit pixels. */
    public BatchResult run(String inputName, ByteBuffer input, long... shape) {
        return runBuffer(inputName, input, shape);
    }

    private BatchResult runBuffer(String inputName, Buffer input, long[] shape) {
        TensorSpec spec = checkInput(inputName, input, shape);
        return model.run(descriptor.ref().toString(), spec.name(), input, shape);
    }

    private TensorSpec checkInput(String inputName, Buffer input, long[] shape) {
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
        String type = input instanceof FloatBuffer ? TensorSpec.FLOAT : TensorSpec.UINT8;
        if (!type.equals(spec.type())) {
            throw new InputMismatchException(
                    descriptor.ref()
                            + " input '"
                            + spec.name()
                            + "' takes "
                            + spec.type()
                            + " values, given "
                            + type
                            + " ("
                            + (spec.type().equals(TensorSpec.UINT8)
                                    ? "a ByteBuffer"
                                    : "a FloatBuffer")
                            + " is what it needs)");
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
                            + (type.equals(TensorSpec.FLOAT) ? " floats" : " bytes")
                            + ", the buffer holds "
                            + input.remaining());
        }
        return spec;
    }

    /**
     * Runs a batch and has ONNX Runtime write outputs into buffers the caller owns (pinned
     * outputs). Each buffer must be a native-order direct {@code FloatBuffer} with at least the
     * output's element count remaining; the output is written from its position on, and its
     * position and limit are left as they were. Only the outputs named in {@code outputs} are
     * computed.
     *
     * <p>Copies: the input as for {@link #run(String, FloatBuffer, long...)} (none for a native
     * direct buffer); outputs none once this input shape has been seen (warm-up or an earlier
     * batch), otherwise the first batch of the shape copies each output once into its buffer.
     *
     * @param inputName the input, or null for the model's only input
     * @param outputs the model's output names mapped to the buffers to write them to
     * @return each output's shape, batch dimension first, in the order of {@code outputs}
     * @throws InputMismatchException when an input or output does not fit the model, or a buffer is
     *     too small
     * @throws IllegalArgumentException when an output buffer is not native-order direct memory
     * @throws ModelRunException when ONNX Runtime fails
     */
    public Map<String, long[]> runInto(
            String inputName, FloatBuffer input, long[] shape, Map<String, FloatBuffer> outputs) {
        return runBufferInto(inputName, input, shape, outputs);
    }

    /** {@link #runInto(String, FloatBuffer, long[], Map)} for a uint8 input, e.g. 8-bit pixels. */
    public Map<String, long[]> runInto(
            String inputName, ByteBuffer input, long[] shape, Map<String, FloatBuffer> outputs) {
        return runBufferInto(inputName, input, shape, outputs);
    }

    private Map<String, long[]> runBufferInto(
            String inputName, Buffer input, long[] shape, Map<String, FloatBuffer> outputs) {
        TensorSpec spec = checkInput(inputName, input, shape);
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException(
                    "runInto on " + descriptor.ref() + " needs at least one output buffer");
        }
        for (Map.Entry<String, FloatBuffer> entry : outputs.entrySet()) {
            if (descriptor.outputs().stream().noneMatch(o -> o.name().equals(entry.getKey()))) {
                throw new InputMismatchException(
                        descriptor.ref()
                                + " has no output '"
                                + entry.getKey()
                                + "'; its outputs are "
                                + descriptor.outputs().stream().map(TensorSpec::name).toList());
            }
            if (!DirectBuffers.isNative(entry.getValue())) {
                throw new IllegalArgumentException(
                        "The buffer for output '"
                                + entry.getKey()
                                + "' of "
                                + descriptor.ref()
                                + " must be a direct FloatBuffer in native byte order (e.g."
                                + " ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder())"
                                + ".asFloatBuffer()), so ONNX Runtime can write into it");
            }
        }
        return model.runInto(
                descriptor.ref().toString(),
                spec.name(),
                input,
                shape,
                new LinkedHashMap<>(outputs));
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

package dev.vigil.nn;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ONNX Runtime session of one model file on one device, shared by every lease on it. Runs may
 * overlap: ONNX Runtime sessions are safe for concurrent {@code run} calls.
 */
final class LoadedModel implements AutoCloseable {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final SessionOptions options;
    private final String sha256;
    private final int deviceIndex;
    private final List<ProviderAttempt> attempts;
    private final DirectBuffers buffers = new DirectBuffers();

    /** Output shapes seen per input shape: known ones are pinned, so ORT writes in place. */
    private final Map<String, Map<String, long[]>> outputShapes = new ConcurrentHashMap<>();

    private int leases;
    private volatile boolean closed;

    LoadedModel(
            OrtEnvironment environment,
            OrtSession session,
            SessionOptions options,
            String sha256,
            int deviceIndex,
            List<ProviderAttempt> attempts) {
        this.environment = environment;
        this.session = session;
        this.options = options;
        this.sha256 = sha256;
        this.deviceIndex = deviceIndex;
        this.attempts = List.copyOf(attempts);
    }

    OrtSession session() {
        return session;
    }

    String sha256() {
        return sha256;
    }

    int deviceIndex() {
        return deviceIndex;
    }

    List<ProviderAttempt> attempts() {
        return attempts;
    }

    ExecutionProvider provider() {
        return attempts.stream()
                .filter(ProviderAttempt::chosen)
                .findFirst()
                .orElseThrow()
                .provider();
    }

    /** Lease counting; the host holds its lock around these. */
    int acquire() {
        return ++leases;
    }

    int release() {
        return --leases;
    }

    /**
     * Runs one batch. {@code input} is used in place when it is a native-order direct buffer;
     * otherwise ONNX Runtime copies it once. Outputs land in pooled direct buffers: in place when
     * this input shape was seen before (pinned outputs), else copied once from ORT's own memory.
     */
    BatchResult run(String model, String inputName, Buffer input, long[] shape) {
        checkOpen(model);
        String shapeKey = Shapes.text(shape);
        Map<String, long[]> knownShapes = outputShapes.get(shapeKey);
        Map<String, FloatBuffer> outputs = new LinkedHashMap<>();
        try (OnnxTensor tensor = inputTensor(input, shape)) {
            if (knownShapes != null) {
                return runPinned(model, inputName, tensor, knownShapes);
            }
            Map<String, long[]> shapes = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
                for (Map.Entry<String, OnnxValue> entry : result) {
                    OnnxTensor output = (OnnxTensor) entry.getValue();
                    long[] outputShape = output.getInfo().getShape();
                    FloatBuffer copy = buffers.take(Shapes.elements(outputShape));
                    copy.put(output.getFloatBuffer()).flip();
                    outputs.put(entry.getKey(), copy);
                    shapes.put(entry.getKey(), outputShape);
                }
            }
            outputShapes.put(shapeKey, shapes);
            return new BatchResult(shape[0], outputs, shapes, buffers);
        } catch (OrtException e) {
            outputs.values().forEach(buffers::give);
            throw new ModelRunException(
                    "ONNX Runtime failed to run "
                            + model
                            + " on a batch of shape "
                            + shapeKey
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private BatchResult runPinned(
            String model, String inputName, OnnxTensor tensor, Map<String, long[]> shapes)
            throws OrtException {
        Map<String, FloatBuffer> outputs = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, long[]> entry : shapes.entrySet()) {
                outputs.put(entry.getKey(), buffers.take(Shapes.elements(entry.getValue())));
            }
            runInPlace(inputName, tensor, shapes, outputs);
            return new BatchResult(tensor.getInfo().getShape()[0], outputs, shapes, buffers);
        } catch (OrtException | RuntimeException e) {
            outputs.values().forEach(buffers::give);
            throw e;
        }
    }

    /** One run with every output in {@code outputs} pinned: ORT writes into those buffers. */
    private void runInPlace(
            String inputName,
            OnnxTensor input,
            Map<String, long[]> shapes,
            Map<String, FloatBuffer> outputs)
            throws OrtException {
        Map<String, OnnxTensor> pinned = new HashMap<>();
        try {
            for (Map.Entry<String, FloatBuffer> entry : outputs.entrySet()) {
                long[] shape = shapes.get(entry.getKey());
                FloatBuffer exact = exactly(entry.getValue(), Shapes.elements(shape));
                pinned.put(entry.getKey(), OnnxTensor.createTensor(environment, exact, shape));
            }
            session.run(Map.of(inputName, input), pinned).close();
        } finally {
            pinned.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * Runs one batch writing the requested outputs into the caller's native-order direct buffers
     * (from their positions; positions and limits are left as they were). In place once this input
     * shape has been seen; the first batch of a new shape runs unpinned and copies each output once
     * into its buffer. Only the outputs in {@code outputs} are computed.
     *
     * @return the shape of each output written, in the order of {@code outputs}
     */
    Map<String, long[]> runInto(
            String model,
            String inputName,
            Buffer input,
            long[] shape,
            Map<String, FloatBuffer> outputs) {
        checkOpen(model);
        String shapeKey = Shapes.text(shape);
        Map<String, long[]> known = outputShapes.get(shapeKey);
        try (OnnxTensor tensor = inputTensor(input, shape)) {
            Map<String, long[]> shapes = new LinkedHashMap<>();
            if (known != null && known.keySet().containsAll(outputs.keySet())) {
                for (String name : outputs.keySet()) {
                    shapes.put(name, known.get(name));
                    fits(model, name, outputs.get(name), known.get(name));
                }
                runInPlace(inputName, tensor, shapes, outputs);
                return shapes;
            }
            try (OrtSession.Result result =
                    session.run(Map.of(inputName, tensor), outputs.keySet())) {
                for (Map.Entry<String, OnnxValue> entry : result) {
                    OnnxTensor output = (OnnxTensor) entry.getValue();
                    long[] outputShape = output.getInfo().getShape();
                    FloatBuffer target = outputs.get(entry.getKey());
                    fits(model, entry.getKey(), target, outputShape);
                    target.duplicate().put(output.getFloatBuffer());
                    shapes.put(entry.getKey(), outputShape);
                }
            }
            if (shapes.size() == session.getOutputNames().size()) {
                Map<String, long[]> ordered = new LinkedHashMap<>();
                session.getOutputNames().forEach(name -> ordered.put(name, shapes.get(name)));
                outputShapes.putIfAbsent(shapeKey, ordered);
            }
            return shapes;
        } catch (OrtException e) {
            throw new ModelRunException(
                    "ONNX Runtime failed to run "
                            + model
                            + " on a batch of shape "
                            + shapeKey
                            + " into caller buffers: "
                            + e.getMessage(),
                    e);
        }
    }

    /** A float input, or a uint8 one given as bytes; native-order direct buffers are not copied. */
    private OnnxTensor inputTensor(Buffer input, long[] shape) throws OrtException {
        if (input instanceof FloatBuffer floats) {
            return OnnxTensor.createTensor(environment, floats, shape);
        }
        return OnnxTensor.createTensor(environment, (ByteBuffer) input, shape, OnnxJavaType.UINT8);
    }

    private static void fits(String model, String output, FloatBuffer buffer, long[] shape) {
        int needed = Shapes.elements(shape);
        if (buffer.remaining() < needed) {
            throw new InputMismatchException(
                    model
                            + " output '"
                            + output
                            + "' of shape "
                            + Shapes.text(shape)
                            + " needs "
                            + needed
                            + " floats, the buffer given for it holds "
                            + buffer.remaining());
        }
    }

    /** A view of exactly {@code n} floats from the buffer's position: ORT wants exact sizes. */
    private static FloatBuffer exactly(FloatBuffer buffer, int n) {
        return buffer.duplicate().limit(buffer.position() + n).slice();
    }

    /** A run on a closed session is a failed run, like one ORT fails, not a caller's bug. */
    private void checkOpen(String model) {
        if (closed) {
            throw new ModelRunException(
                    "The session of "
                            + model
                            + " was closed under a lease (its model host was closed): the run"
                            + " cannot happen; restart the task to load the model again.");
        }
    }

    /** Closes the session; closing again does nothing (a host's close, then its leases'). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException("Could not close the session of model " + sha256, e);
        } finally {
            options.close();
        }
    }
}

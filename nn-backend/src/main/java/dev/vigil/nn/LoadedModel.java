package dev.vigil.nn;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
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

    int leases() {
        return leases;
    }

    /**
     * Runs one batch. {@code input} is used in place when it is a native-order direct buffer;
     * otherwise ONNX Runtime copies it once. Outputs land in pooled direct buffers: in place when
     * this input shape was seen before (pinned outputs), else copied once from ORT's own memory.
     */
    BatchResult run(String model, String inputName, FloatBuffer input, long[] shape) {
        String shapeKey = Shapes.text(shape);
        Map<String, long[]> knownShapes = outputShapes.get(shapeKey);
        Map<String, FloatBuffer> outputs = new LinkedHashMap<>();
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, shape)) {
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
        Map<String, OnnxTensor> pinned = new HashMap<>();
        try {
            for (Map.Entry<String, long[]> entry : shapes.entrySet()) {
                FloatBuffer buffer = buffers.take(Shapes.elements(entry.getValue()));
                outputs.put(entry.getKey(), buffer);
                pinned.put(
                        entry.getKey(),
                        OnnxTensor.createTensor(environment, buffer, entry.getValue()));
            }
            session.run(Map.of(inputName, tensor), pinned).close();
            return new BatchResult(tensor.getInfo().getShape()[0], outputs, shapes, buffers);
        } catch (OrtException | RuntimeException e) {
            outputs.values().forEach(buffers::give);
            throw e;
        } finally {
            pinned.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException("Could not close the session of model " + sha256, e);
        } finally {
            options.close();
        }
    }
}

package dev.vigil.nn.synthetic;

import dev.vigil.nn.ModelDescriptor;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.Normalization;
import dev.vigil.nn.StoredModel;
import dev.vigil.nn.TensorSpec;
import dev.vigil.nn.onnx.OnnxGraph;
import dev.vigil.nn.onnx.PixelForm;
import dev.vigil.nn.onnx.ProtoWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An ONNX model built in memory with {@link OnnxGraph}, with the facts a model repository needs to
 * store it: its name, inputs, outputs, labels and normalisation. Its tensors are float32 (inputs
 * may be uint8 pixels); a size of {@code -1} in a shape is dynamic, and the batch axis comes first.
 *
 * <p>The same builder arguments give the same bytes on every run, so a file written from it has a
 * stable SHA-256.
 */
public final class SyntheticModel {
    private final String name;
    private final String description;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final List<String> labels;
    private final Normalization normalization;
    private final long multiplyAccumulatesPerImage;
    private final long parameterCount;
    private final ProtoWriter onnx;

    public SyntheticModel(
            String name,
            String description,
            List<TensorSpec> inputs,
            List<TensorSpec> outputs,
            List<String> labels,
            Normalization normalization,
            long multiplyAccumulatesPerImage,
            OnnxGraph graph) {
        this.name = name;
        this.description = description;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.labels = List.copyOf(labels);
        this.normalization = normalization;
        this.multiplyAccumulatesPerImage = multiplyAccumulatesPerImage;
        this.parameterCount = graph.parameterCount();
        // Declared from the same specs, so the file and the facts cannot disagree.
        inputs.forEach(graph::input);
        outputs.forEach(graph::output);
        this.onnx = graph.model(name, description);
    }

    /** A repository-friendly name: lower case, words joined by {@code -}. */
    public String name() {
        return name;
    }

    /** What the model computes; also the ONNX file's {@code doc_string}. */
    public String description() {
        return description;
    }

    public List<TensorSpec> inputs() {
        return inputs;
    }

    public List<TensorSpec> outputs() {
        return outputs;
    }

    /** Class labels, index = channel or class id of the output; empty where none make sense. */
    public List<String> labels() {
        return labels;
    }

    /** How 8-bit RGB pixels become the image input. */
    public Normalization normalization() {
        return normalization;
    }

    /**
     * Multiply-accumulates of the Conv and Gemm nodes for one image at the input's fixed size (a
     * FLOP count is about twice this); 0 for a model without such nodes.
     */
    public long multiplyAccumulatesPerImage() {
        return multiplyAccumulatesPerImage;
    }

    /** The number of weights (float initializer elements). */
    public long parameterCount() {
        return parameterCount;
    }

    /** The size of the ONNX file in bytes. */
    public long sizeBytes() {
        return onnx.size();
    }

    /**
     * The descriptor that stores this model as {@code name@version}, checksum left to the importer.
     */
    public ModelDescriptor descriptor(String version) {
        return new ModelDescriptor(
                name,
                version,
                description,
                inputs,
                outputs,
                labels,
                Optional.of(normalization),
                "");
    }

    /** Its {@link PixelForm}, as {@code version}. */
    public PixelForm pixelForm(String version) {
        return PixelForm.of(descriptor(version), onnx());
    }

    /** Imports this model into {@code repository} as {@code name@version}. */
    public StoredModel importInto(ModelRepository repository, String version) {
        return repository.importModel(descriptor(version), onnx());
    }

    /** Writes the ONNX file, replacing any file there. */
    public void writeTo(Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            writeTo(out);
        }
    }

    public void writeTo(OutputStream out) throws IOException {
        onnx.writeTo(out);
    }

    /** The ONNX file as one array; prefer {@link #writeTo} for large models. */
    public byte[] onnx() {
        return onnx.toByteArray();
    }

    @Override
    public String toString() {
        return name + " (" + parameterCount + " parameters, " + sizeBytes() + " bytes)";
    }
}

package dev.vigil.nn;

import java.util.List;
import java.util.Optional;

/**
 * What a model version is, stored beside its ONNX file as {@code model.json}: the facts a caller
 * needs to feed it and read its answer, and the file's SHA-256 so a changed file is refused.
 *
 * @param name the model's name (its directory)
 * @param version the version (its sub-directory)
 * @param description free text: origin, licence, what it detects
 * @param inputs inputs, checked against the ONNX file at load
 * @param outputs outputs, checked against the ONNX file at load
 * @param labels class labels, index = class id; empty for models without classes
 * @param normalization how pixels become inputs; empty for non-image models
 * @param sha256 hex SHA-256 of {@code model.onnx}
 */
public record ModelDescriptor(
        String name,
        String version,
        String description,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        List<String> labels,
        Optional<Normalization> normalization,
        String sha256) {

    public static final String FILE_NAME = "model.json";

    public ModelDescriptor {
        description = description == null ? "" : description;
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        labels = labels == null ? List.of() : List.copyOf(labels);
        normalization = normalization == null ? Optional.empty() : normalization;
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalArgumentException(
                    "A model descriptor needs at least one input and one output");
        }
    }

    public ModelRef ref() {
        return ModelRef.of(name, version);
    }

    /** The input of the given name, or the only input when {@code name} is null. */
    public TensorSpec input(String inputName) {
        if (inputName == null) {
            if (inputs.size() != 1) {
                throw new InputMismatchException(
                        ref()
                                + " has "
                                + inputs.size()
                                + " inputs "
                                + inputs.stream().map(TensorSpec::name).toList()
                                + ": name the one you mean");
            }
            return inputs.get(0);
        }
        return inputs.stream()
                .filter(spec -> spec.name().equals(inputName))
                .findFirst()
                .orElseThrow(
                        () ->
                                new InputMismatchException(
                                        ref()
                                                + " has no input '"
                                                + inputName
                                                + "'; its inputs are "
                                                + inputs.stream().map(TensorSpec::name).toList()));
    }

    /** A copy with another checksum (the importer computes it). */
    public ModelDescriptor withSha256(String sha) {
        return new ModelDescriptor(
                name, version, description, inputs, outputs, labels, normalization, sha);
    }
}

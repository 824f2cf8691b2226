package dev.vigil.nn;

import java.nio.file.Path;

/** A model version found in the repository: its descriptor and where its ONNX file lies. */
public record StoredModel(ModelDescriptor descriptor, Path modelFile) {}

package dev.vigil.nn.synthetic;

import dev.vigil.nn.Normalization;
import dev.vigil.nn.TensorSpec;
import dev.vigil.nn.onnx.OnnxGraph;
import java.util.List;

/** Models only tests need. */
public final class TestModels {
    public static final String EIGHT_WIDE = "eight-wide";

    private TestModels() {}

    /**
     * Adds a constant row of eight values to every image row. Its input declares any width, but
     * ONNX Runtime fails to broadcast any width other than 8 (or 1): a run-time model error that no
     * descriptor check can catch beforehand.
     */
    public static SyntheticModel eightWide() {
        OnnxGraph graph = new OnnxGraph();
        String row = graph.initializer("row", new float[8], 1, 1, 8);
        graph.node("Add", "shifted", List.of("images", row));
        return new SyntheticModel(
                EIGHT_WIDE,
                "Test model that fails in ONNX Runtime unless the image is 8 pixels wide.",
                List.of(
                        TensorSpec.of("images", TensorSpec.FLOAT, "NCHW", -1, 3, -1, -1)
                                .withWarmupShape(-1, 3, 8, 8)),
                List.of(TensorSpec.of("shifted", TensorSpec.FLOAT, "NCHW", -1, 3, -1, 8)),
                List.of(),
                Normalization.unit(),
                0,
                graph);
    }
}

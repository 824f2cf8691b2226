package dev.vigil.nn.synthetic;

import static dev.vigil.nn.onnx.OnnxGraph.Attribute.integer;
import static dev.vigil.nn.onnx.OnnxGraph.Attribute.ints;

import dev.vigil.nn.Normalization;
import dev.vigil.nn.TensorSpec;
import dev.vigil.nn.onnx.OnnxGraph;
import dev.vigil.nn.onnx.PixelForm;
import java.util.List;

/**
 * A tiny detector whose every output a test can compute by hand: it finds bright regions.
 *
 * <ul>
 *   <li>Input {@code images}: float {@code [N, 3, H, W]}, NCHW, RGB values in 0..1; N, H and W are
 *       dynamic. H and W should be multiples of {@value #CELL}: a last partial row or column of
 *       cells is dropped, as average pooling without padding does.
 *   <li>Output {@code heatmap}: float {@code [N, 1, H/8, W/8]}, NCHW, with {@code heatmap[n,0,i,j]
 *       = sigmoid(GAIN * (m - THRESHOLD))}, where {@code m} is the mean of {@code images[n, c, y,
 *       x]} over the 3 channels and the 8×8 pixels {@code y in 8i..8i+7, x in 8j..8j+7}.
 * </ul>
 *
 * A cell covered by white reads {@code sigmoid(10) ≈ 0.99995}, a black one {@code sigmoid(-10) ≈
 * 0.00005}, and a cell exactly half bright 0.5, so 0.5 is the natural threshold. The graph is
 * ReduceMean → AveragePool → Mul → Add → Sigmoid with no random part: it is the same on every run.
 *
 * <p>Its {@link PixelForm} ({@link #PIXELS_NAME}) takes the 8-bit pixels, uint8 {@code [N, H, W,
 * 3]} RGB, and scales them to 0..1 in the graph; its heatmap is the float model's for the same
 * pixels.
 */
public final class DeterministicDetector {
    public static final String NAME = "deterministic-detector";

    /** The name of its {@link PixelForm}. */
    public static final String PIXELS_NAME = NAME + PixelForm.SUFFIX;

    /** Side of the square of pixels behind one heatmap cell. */
    public static final int CELL = 8;

    /** Steepness of the sigmoid: 20 maps a mean 0.5 away from the threshold to ±10. */
    public static final float GAIN = 20f;

    /** The mean brightness at which a cell reads 0.5. */
    public static final float THRESHOLD = 0.5f;

    private static final TensorSpec HEATMAP =
            TensorSpec.of("heatmap", TensorSpec.FLOAT, "NCHW", -1, 1, -1, -1);

    private DeterministicDetector() {}

    public static SyntheticModel build() {
        OnnxGraph graph = new OnnxGraph();
        detect(graph, "images");
        return new SyntheticModel(
                NAME,
                "Test detector of bright regions: heatmap[n,0,i,j] = sigmoid(20 * (mean of"
                        + " images[n, :, 8i..8i+7, 8j..8j+7] - 0.5)). Deterministic, no weights"
                        + " to speak of.",
                List.of(
                        TensorSpec.of("images", TensorSpec.FLOAT, "NCHW", -1, 3, -1, -1)
                                // The importer's warm-up needs one concrete image size: VGA.
                                .withWarmupShape(-1, 3, 480, 640)),
                List.of(HEATMAP),
                List.of("bright"),
                Normalization.unit(),
                0,
                graph);
    }

    /** The detector's nodes on the float NCHW tensor {@code images}. */
    private static void detect(OnnxGraph graph, String images) {
        String brightness =
                graph.node(
                        "ReduceMean",
                        "brightness",
                        List.of(images),
                        ints("axes", 1),
                        integer("keepdims", 1));
        String cellBrightness =
                graph.node(
                        "AveragePool",
                        "cell_brightness",
                        List.of(brightness),
                        ints("kernel_shape", CELL, CELL),
                        ints("strides", CELL, CELL));
        String gain = graph.initializer("gain", new float[] {GAIN});
        String offset = graph.initializer("offset", new float[] {-GAIN * THRESHOLD});
        String scaled = graph.node("Mul", "scaled", List.of(cellBrightness, gain));
        String logit = graph.node("Add", "logit", List.of(scaled, offset));
        graph.node("Sigmoid", "heatmap", List.of(logit));
    }
}

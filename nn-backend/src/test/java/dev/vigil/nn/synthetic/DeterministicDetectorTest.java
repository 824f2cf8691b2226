package dev.vigil.nn.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeterministicDetectorTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final int CHANNELS = 3;
    // Not square, so a swap of H and W anywhere shows.
    private static final int HEIGHT = 48;
    private static final int WIDTH = 64;
    private static final int CELL_ROWS = HEIGHT / DeterministicDetector.CELL;
    private static final int CELL_COLUMNS = WIDTH / DeterministicDetector.CELL;
    private static final float[] WHITE = {1f, 1f, 1f};
    private static final float[] GREY = {0.2f, 0.2f, 0.2f};
    private static final float[] ORANGE = {1f, 0.6f, 0.1f};

    @Test
    void declaresDynamicImagesInAndAHeatmapOut() throws OrtException {
        SyntheticModel model = DeterministicDetector.build();
        try (OrtSession session = ENV.createSession(model.onnx())) {
            DeclaredTensors.assertSessionMatches(session, model);
            TensorInfo images = (TensorInfo) session.getInputInfo().get("images").getInfo();
            TensorInfo heatmap = (TensorInfo) session.getOutputInfo().get("heatmap").getInfo();
            assertThat(images.getShape()).containsExactly(-1, 3, -1, -1);
            assertThat(images.getDimensionNames()).containsExactly("N", "", "images_H", "images_W");
            assertThat(heatmap.getShape()).containsExactly(-1, 1, -1, -1);
        }
        assertThat(model.inputs().get(0).layout()).isEqualTo("NCHW");
        assertThat(model.labels()).containsExactly("bright");
    }

    @Test
    void everyHeatmapCellIsTheSigmoidOfItsCellsMeanBrightness() throws OrtException {
        float[] images = new float[2 * CHANNELS * HEIGHT * WIDTH];
        // Image 0: a white square on black, covering cell rows 1-2 and cell columns 2-4 exactly.
        paint(images, 0, 8, 16, 16, 24, WHITE);
        // Image 1: an orange rectangle on grey that cuts through cells, so some are partly bright.
        paint(images, 1, 0, 0, HEIGHT, WIDTH, GREY);
        paint(images, 1, 13, 5, 18, 40, ORANGE);

        float[] heatmap = run(images, 2);

        double[] expected = expectedHeatmap(images, 2);
        assertThat(heatmap).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) heatmap[i]).as("cell %d", i).isCloseTo(expected[i], within(1e-5));
        }
        for (int row = 0; row < CELL_ROWS; row++) {
            for (int column = 0; column < CELL_COLUMNS; column++) {
                float cell = heatmap[row * CELL_COLUMNS + column];
                boolean inSquare = row >= 1 && row <= 2 && column >= 2 && column <= 4;
                if (inSquare) {
                    assertThat(cell).as("cell %d,%d", row, column).isGreaterThan(0.9999f);
                } else {
                    assertThat(cell).as("cell %d,%d", row, column).isLessThan(1e-4f);
                }
            }
        }
    }

    @Test
    void isTheSameFileOnEveryBuild() {
        assertThat(DeterministicDetector.build().onnx())
                .isEqualTo(DeterministicDetector.build().onnx());
    }

    private static float[] run(float[] images, int batch) throws OrtException {
        long[] shape = {batch, CHANNELS, HEIGHT, WIDTH};
        try (OrtSession session = ENV.createSession(DeterministicDetector.build().onnx());
                OnnxTensor input = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(images), shape);
                OrtSession.Result result = session.run(Map.of("images", input))) {
            OnnxTensor heatmap = (OnnxTensor) result.get("heatmap").orElseThrow();
            assertThat(heatmap.getInfo().getShape())
                    .containsExactly(batch, 1, CELL_ROWS, CELL_COLUMNS);
            FloatBuffer values = heatmap.getFloatBuffer();
            float[] out = new float[values.remaining()];
            values.get(out);
            return out;
        }
    }

    /** The model's definition, in plain loops and doubles. */
    private static double[] expectedHeatmap(float[] images, int batch) {
        double[] heatmap = new double[batch * CELL_ROWS * CELL_COLUMNS];
        int cell = DeterministicDetector.CELL;
        for (int n = 0; n < batch; n++) {
            for (int row = 0; row < CELL_ROWS; row++) {
                for (int column = 0; column < CELL_COLUMNS; column++) {
                    double sum = 0;
                    for (int c = 0; c < CHANNELS; c++) {
                        for (int y = row * cell; y < (row + 1) * cell; y++) {
                            for (int x = column * cell; x < (column + 1) * cell; x++) {
                                sum += images[index(n, c, y, x)];
                            }
                        }
                    }
                    double mean = sum / (CHANNELS * cell * cell);
                    double logit =
                            DeterministicDetector.GAIN * (mean - DeterministicDetector.THRESHOLD);
                    heatmap[(n * CELL_ROWS + row) * CELL_COLUMNS + column] =
                            1 / (1 + Math.exp(-logit));
                }
            }
        }
        return heatmap;
    }

    private static void paint(
            float[] images, int n, int top, int left, int height, int width, float[] rgb) {
        for (int c = 0; c < CHANNELS; c++) {
            for (int y = top; y < top + height; y++) {
                Arrays.fill(images, index(n, c, y, left), index(n, c, y, left + width), rgb[c]);
            }
        }
    }

    private static int index(int n, int c, int y, int x) {
        return ((n * CHANNELS + c) * HEIGHT + y) * WIDTH + x;
    }
}

package dev.vigil.nn.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vigil.nn.Normalization;
import dev.vigil.nn.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Models that take 8-bit pixels ({@link OnnxGraph#normalisedPixels}): the graph's prefix computes
 * what the host's letterbox kernel computes for a float model, value for value.
 */
class PixelInputTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final int HEIGHT = 16;
    private static final int WIDTH = 24;

    @Test
    void prefixNormalisesReordersAndTransposesAsTheHostKernelDoes() throws OrtException {
        Normalization imageNetBgr =
                new Normalization(
                        1f / 255f,
                        List.of(0.485f, 0.456f, 0.406f),
                        List.of(0.229f, 0.224f, 0.225f),
                        "BGR");
        OnnxGraph graph = new OnnxGraph();
        graph.normalisedPixels("pixels", imageNetBgr, "images");
        GeneratedModel prefix =
                new GeneratedModel(
                        "prefix",
                        "the pixel prefix alone",
                        List.of(TensorSpec.of("pixels", TensorSpec.UINT8, "NHWC", -1, -1, -1, 3)),
                        List.of(TensorSpec.of("images", TensorSpec.FLOAT, "NCHW", -1, 3, -1, -1)),
                        List.of(),
                        Normalization.none(),
                        0,
                        graph);
        byte[] pixels = randomPixels(2);

        float[] images = run(prefix, "pixels", pixels, 2, "images");

        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                int source = 2 - c; // BGR: the model's channel 0 is the pixel's blue
                float gain = imageNetBgr.scale() / imageNetBgr.std().get(c);
                float offset = -imageNetBgr.mean().get(c) / imageNetBgr.std().get(c);
                for (int y = 0; y < HEIGHT; y++) {
                    for (int x = 0; x < WIDTH; x++) {
                        int pixel = pixels[((n * HEIGHT + y) * WIDTH + x) * 3 + source] & 0xff;
                        float expected = pixel * gain + offset;
                        float actual = images[((n * 3 + c) * HEIGHT + y) * WIDTH + x];
                        if (actual != expected) {
                            throw new AssertionError(
                                    "image "
                                            + n
                                            + " channel "
                                            + c
                                            + " at "
                                            + x
                                            + ","
                                            + y
                                            + ": "
                                            + actual
                                            + " != "
                                            + expected);
                        }
                    }
                }
            }
        }
    }

    @Test
    void pixelDetectorGivesTheFloatDetectorsHeatmap() throws OrtException {
        byte[] pixels = randomPixels(2);
        float[] images = new float[pixels.length];
        for (int n = 0; n < 2; n++) {
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    for (int c = 0; c < 3; c++) {
                        int pixel = pixels[((n * HEIGHT + y) * WIDTH + x) * 3 + c] & 0xff;
                        images[((n * 3 + c) * HEIGHT + y) * WIDTH + x] = pixel * (1f / 255f);
                    }
                }
            }
        }

        float[] fromPixels =
                run(DeterministicDetector.buildForPixels(), "pixels", pixels, 2, "heatmap");
        float[] fromFloats;
        try (OrtSession session = ENV.createSession(DeterministicDetector.build().onnx());
                OnnxTensor input =
                        OnnxTensor.createTensor(
                                ENV, FloatBuffer.wrap(images), new long[] {2, 3, HEIGHT, WIDTH});
                OrtSession.Result result = session.run(Map.of("images", input))) {
            fromFloats = values((OnnxTensor) result.get(0));
        }

        assertThat(fromPixels).hasSize(2 * (HEIGHT / 8) * (WIDTH / 8));
        for (int i = 0; i < fromFloats.length; i++) {
            assertThat(fromPixels[i]).as("cell %d", i).isCloseTo(fromFloats[i], within(1e-6f));
        }
    }

    private static byte[] randomPixels(int batch) {
        byte[] pixels = new byte[batch * HEIGHT * WIDTH * 3];
        new SplittableRandom(11).nextBytes(pixels);
        return pixels;
    }

    private static float[] run(
            GeneratedModel model, String input, byte[] pixels, int batch, String output)
            throws OrtException {
        try (OrtSession session = ENV.createSession(model.onnx());
                OnnxTensor tensor =
                        OnnxTensor.createTensor(
                                ENV,
                                ByteBuffer.wrap(pixels),
                                new long[] {batch, HEIGHT, WIDTH, 3},
                                OnnxJavaType.UINT8);
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            return values((OnnxTensor) result.get(output).orElseThrow());
        }
    }

    private static float[] values(OnnxTensor tensor) {
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}

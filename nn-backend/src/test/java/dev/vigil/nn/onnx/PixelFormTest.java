package dev.vigil.nn.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vigil.nn.ModelDescriptor;
import dev.vigil.nn.ModelFileException;
import dev.vigil.nn.Normalization;
import dev.vigil.nn.TensorSpec;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.nn.synthetic.SyntheticModel;
import dev.vigil.nn.testing.NormalisedPixels;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pixel forms of models ({@link PixelForm}): the graph's prefix ({@link
 * OnnxGraph#normalisedPixels}) computes what the host's letterbox kernel computes for a float
 * model, value for value, so a pixel form answers as its model does; on the generated detector and
 * on the real PaddleOCR detector, whose ONNX file is edited.
 */
class PixelFormTest {
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
        SyntheticModel prefix =
                new SyntheticModel(
                        "prefix",
                        "the pixel prefix alone",
                        List.of(TensorSpec.of("pixels", TensorSpec.UINT8, "NHWC", -1, -1, -1, 3)),
                        List.of(TensorSpec.of("images", TensorSpec.FLOAT, "NCHW", -1, 3, -1, -1)),
                        List.of(),
                        Normalization.none(),
                        0,
                        graph);
        byte[] pixels = randomPixels(2);

        float[] images = run(prefix.onnx(), pixels, 2);

        float[] expected = NormalisedPixels.nchw(pixels, 2, HEIGHT, WIDTH, imageNetBgr);
        assertThat(images).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(images[i]) != Float.floatToIntBits(expected[i])) {
                throw new AssertionError(
                        "value " + i + " (NCHW): " + images[i] + " != " + expected[i]);
            }
        }
    }

    @Test
    void pixelDetectorGivesTheFloatDetectorsHeatmap() throws OrtException {
        PixelForm form = DeterministicDetector.build().pixelForm("1");

        assertThat(form.descriptor().ref().toString()).isEqualTo("deterministic-detector-u8@1");
        assertThat(form.descriptor().inputs())
                .containsExactly(
                        TensorSpec.of("pixels", TensorSpec.UINT8, "NHWC", -1, -1, -1, 3)
                                .withWarmupShape(-1, 480, 640, 3));
        assertThat(form.descriptor().outputs()).isEqualTo(DeterministicDetector.build().outputs());
        sameAnswers(DeterministicDetector.build().onnx(), form, Normalization.unit(), 1e-6f);
    }

    @Test
    void refusesModelsItCannotPrefixSayingWhy() {
        SyntheticModel detector = DeterministicDetector.build();
        ModelDescriptor withoutNormalization =
                new ModelDescriptor(
                        "d",
                        "1",
                        "",
                        detector.inputs(),
                        detector.outputs(),
                        List.of(),
                        Optional.empty(),
                        "");
        assertThatThrownBy(() -> PixelForm.of(withoutNormalization, detector.onnx()))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("Cannot make the pixel form of d@1")
                .hasMessageContaining("a normalization in its descriptor");
        PixelForm form = detector.pixelForm("1");
        assertThatThrownBy(() -> PixelForm.of(form.descriptor(), form.onnx()))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("one float NCHW input of 3 channels");
        ModelDescriptor renamed =
                new ModelDescriptor(
                        "d",
                        "1",
                        "",
                        List.of(TensorSpec.of("other", TensorSpec.FLOAT, "NCHW", -1, 3, -1, -1)),
                        detector.outputs(),
                        List.of(),
                        Optional.of(Normalization.unit()),
                        "");
        assertThatThrownBy(() -> PixelForm.of(renamed, detector.onnx()))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("the model has no input 'other'");
        assertThatThrownBy(() -> PixelForm.of(detector.descriptor("1"), new byte[] {8, 1, 7}))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("Cannot make the pixel form of deterministic-detector@1");
    }

    /**
     * The pixel form on random pixels against the float model on the same pixels normalised as the
     * host kernel does.
     */
    private static void sameAnswers(
            byte[] floatModel, PixelForm form, Normalization normalization, float tolerance)
            throws OrtException {
        byte[] pixels = randomPixels(2);
        float[] images = NormalisedPixels.nchw(pixels, 2, HEIGHT, WIDTH, normalization);
        float[] expected;
        try (OrtSession session = ENV.createSession(floatModel);
                OnnxTensor input =
                        OnnxTensor.createTensor(
                                ENV, FloatBuffer.wrap(images), new long[] {2, 3, HEIGHT, WIDTH});
                OrtSession.Result result =
                        session.run(Map.of(session.getInputNames().iterator().next(), input))) {
            expected = values((OnnxTensor) result.get(0));
        }

        float[] actual = run(form.onnx(), pixels, 2);

        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i])
                    .as("output value %d", i)
                    .isCloseTo(expected[i], within(tolerance));
        }
    }

    private static byte[] randomPixels(int batch) {
        byte[] pixels = new byte[batch * HEIGHT * WIDTH * 3];
        new SplittableRandom(11).nextBytes(pixels);
        return pixels;
    }

    /** The first output of a model taking {@code pixels}, uint8 NHWC, as its only input. */
    private static float[] run(byte[] onnx, byte[] pixels, int batch) throws OrtException {
        try (OrtSession session = ENV.createSession(onnx);
                OnnxTensor tensor =
                        OnnxTensor.createTensor(
                                ENV,
                                ByteBuffer.wrap(pixels),
                                new long[] {batch, HEIGHT, WIDTH, 3},
                                OnnxJavaType.UINT8);
                OrtSession.Result result = session.run(Map.of(PixelForm.INPUT, tensor))) {
            return values((OnnxTensor) result.get(0));
        }
    }

    private static float[] values(OnnxTensor tensor) {
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] out = new float[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}

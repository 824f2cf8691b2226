package dev.vigil.nn.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResNet50ShapedTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final int IMAGE_FLOATS =
            3 * ResNet50Shaped.IMAGE_SIZE * ResNet50Shaped.IMAGE_SIZE;

    @TempDir static Path dir;
    private static SyntheticModel model;
    private static Path file;
    private static OrtSession session;

    @BeforeAll
    static void generateAndLoad() throws IOException, OrtException {
        model = ResNet50Shaped.build(ResNet50Shaped.DEFAULT_SEED);
        file = dir.resolve("model.onnx");
        model.writeTo(file);
        session = ENV.createSession(file.toString(), new OrtSession.SessionOptions());
    }

    @AfterAll
    static void closeSession() throws OrtException {
        session.close();
    }

    @Test
    void declaresFixedSizeImagesInAndLogitsOut() throws OrtException {
        DeclaredTensors.assertSessionMatches(session, model);
        TensorInfo images = (TensorInfo) session.getInputInfo().get("images").getInfo();
        TensorInfo logits = (TensorInfo) session.getOutputInfo().get("logits").getInfo();
        assertThat(images.getShape()).containsExactly(-1, 3, 224, 224);
        assertThat(logits.getShape()).containsExactly(-1, 1000);
        assertThat(model.normalization().mean()).containsExactly(0.485f, 0.456f, 0.406f);
        assertThat(model.normalization().std()).containsExactly(0.229f, 0.224f, 0.225f);
        assertThat(model.labels()).isEmpty();
    }

    @Test
    void hasTheWeightsAndComputeOfTorchvisionsResNet50() throws IOException {
        // torchvision's 25,557,032 parameters, with each of its 26,560 batch norms folded into a
        // bias: its scale and shift (53,120) become one bias per channel (26,560).
        assertThat(model.parameterCount()).isEqualTo(25_557_032L - 53_120 + 26_560);
        // 4.09 G multiply-accumulates per 224×224 image, as torchvision states for resnet50.
        assertThat(model.multiplyAccumulatesPerImage()).isEqualTo(4_089_184_256L);
        long weightBytes = 4 * model.parameterCount();
        assertThat(Files.size(file))
                .isEqualTo(model.sizeBytes())
                .isBetween(weightBytes, weightBytes + 64 * 1024);
    }

    @Test
    void givesFiniteLogitsThatDependOnlyOnTheirOwnImage() throws OrtException {
        float[] first = randomImage(1);
        float[] second = randomImage(2);

        float[][] alone = run(first);
        float[][] together = run(first, second);

        assertThat(alone).hasDimensions(1, 1000);
        assertThat(together).hasDimensions(2, 1000);
        for (float[] row : together) {
            for (float logit : row) {
                assertThat(Float.isFinite(logit)).isTrue();
            }
        }
        // The same image gives the same row whatever its batch; another image another row.
        assertThat(maxDifference(alone[0], together[0])).isCloseTo(0, within(1e-4));
        assertThat(maxDifference(together[0], together[1])).isGreaterThan(1e-2);
    }

    @Test
    void sameSeedGivesTheSameFileAndAnotherSeedAnotherFile() throws Exception {
        byte[] digest = sha256(model);
        // Benchmarks compare runs on this file: a change here changes their workload, so make it
        // on purpose (the same on OpenJDK 17 and Temurin 25).
        assertThat(HexFormat.of().formatHex(digest))
                .isEqualTo("4a8e817c455477a3b8eea6a5acb7b2a7f7308bc92b3daa87c316c26be932cf2f");
        assertThat(sha256(ResNet50Shaped.build(ResNet50Shaped.DEFAULT_SEED))).isEqualTo(digest);
        assertThat(sha256(ResNet50Shaped.build(ResNet50Shaped.DEFAULT_SEED + 1)))
                .isNotEqualTo(digest);
    }

    private static float[][] run(float[]... images) throws OrtException {
        FloatBuffer batch = FloatBuffer.allocate(images.length * IMAGE_FLOATS);
        for (float[] image : images) {
            batch.put(image);
        }
        batch.flip();
        long[] shape = {images.length, 3, ResNet50Shaped.IMAGE_SIZE, ResNet50Shaped.IMAGE_SIZE};
        try (OnnxTensor input = OnnxTensor.createTensor(ENV, batch, shape);
                OrtSession.Result result = session.run(Map.of("images", input))) {
            return (float[][]) result.get("logits").orElseThrow().getValue();
        }
    }

    /** Values as an ImageNet-normalised photo has them, roughly: mean 0, std 1. */
    private static float[] randomImage(long seed) {
        Random random = new Random(seed);
        float[] image = new float[IMAGE_FLOATS];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextGaussian();
        }
        return image;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static byte[] sha256(SyntheticModel generated)
            throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            generated.writeTo(out);
        }
        return digest.digest();
    }
}

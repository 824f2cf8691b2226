package dev.vigil.nn.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.nn.BatchResult;
import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelLease;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.nn.StoredModel;
import dev.vigil.nn.testing.NormalisedPixels;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaddleOcrModelsTest {
    @TempDir Path root;

    @Test
    void importsEveryPackagedModelWithADescriptorItsFileConfirms() {
        ModelRepository repository = new ModelRepository(root);
        List<StoredModel> stored = PaddleOcrModels.importAll(repository);

        assertThat(stored)
                .extracting(model -> model.descriptor().ref().toString())
                .containsExactly(
                        "ppocr-det@4", "ppocr-det@3", "ppocr-rec@4", "ppocr-rec@3", "ppocr-cls@2");
        assertThat(
                        repository
                                .resolve(dev.vigil.nn.ModelRef.parse("ppocr-det"))
                                .descriptor()
                                .version())
                .isEqualTo("4");
        // Importing again is a no-op: same bytes, same versions.
        assertThat(PaddleOcrModels.importAll(repository)).isEqualTo(stored);

        // A lease loads the file and checks the descriptor against its real inputs and outputs.
        NnSettings settings =
                NnSettings.builder()
                        .repository(root)
                        .providers(List.of(ExecutionProvider.CPU))
                        .build();
        try (ModelHost host = new ModelHost(settings)) {
            for (StoredModel model : stored) {
                try (ModelLease lease = host.lease(model.descriptor().ref(), 0)) {
                    assertThat(lease.descriptor()).isEqualTo(model.descriptor());
                }
            }
        }
    }

    @Test
    void detectorPixelFormsAnswerAsTheDetectorsOnTheSamePixels() {
        ModelRepository repository = new ModelRepository(root);
        PaddleOcrModels.importAll(repository);
        List<StoredModel> forms = PaddleOcrModels.importDetectorPixelForms(repository);
        assertThat(forms)
                .extracting(model -> model.descriptor().ref().toString())
                .containsExactly("ppocr-det-u8@4", "ppocr-det-u8@3");
        assertThat(PaddleOcrModels.importDetectorPixelForms(repository)).isEqualTo(forms);

        int side = 64;
        byte[] pixels = new byte[side * side * 3];
        new SplittableRandom(3).nextBytes(pixels);
        NnSettings settings =
                NnSettings.builder()
                        .repository(root)
                        .providers(List.of(ExecutionProvider.CPU))
                        .warmupBatchSizes(List.of())
                        .build();
        try (ModelHost host = new ModelHost(settings)) {
            for (String version : List.of("4", "3")) {
                try (ModelLease detector = host.lease(ModelRef.of("ppocr-det", version), 0);
                        ModelLease form = host.lease(ModelRef.of("ppocr-det-u8", version), 0)) {
                    float[] images =
                            NormalisedPixels.nchw(
                                    pixels,
                                    1,
                                    side,
                                    side,
                                    detector.descriptor().normalization().orElseThrow());
                    ByteBuffer input = ByteBuffer.allocateDirect(pixels.length).put(pixels).flip();
                    try (BatchResult expected =
                                    detector.run(FloatBuffer.wrap(images), 1, 3, side, side);
                            BatchResult actual = form.run(null, input, 1, side, side, 3)) {
                        FloatBuffer want = expected.output("sigmoid_0.tmp_0");
                        FloatBuffer got = actual.output("sigmoid_0.tmp_0");
                        assertThat(got.remaining()).isEqualTo(side * side);
                        for (int i = 0; i < side * side; i++) {
                            assertThat(got.get(i))
                                    .as("ppocr-det@%s probability %d", version, i)
                                    .isCloseTo(want.get(i), within(1e-5f));
                        }
                    }
                }
            }
        }
    }

    @Test
    void theRecognizerLabelsAreBlankTheDictionaryAndSpaceOneForEachOutputClass() {
        List<String> labels = PaddleOcrModels.recognizerLabels();

        assertThat(labels).hasSize(6625).startsWith("blank").endsWith(" ").doesNotHaveDuplicates();
        // The dictionary holds one character outside the Basic Multilingual Plane.
        assertThat(labels).contains(new String(Character.toChars(0x231C9)));
        assertThat(PaddleOcrModel.RECOGNIZER_V4.descriptor(labels).outputs().get(0).shape())
                .containsExactly(-1L, -1L, 6625L);
    }
}

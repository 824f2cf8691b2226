package dev.vigil.nn.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelLease;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.nn.StoredModel;
import java.nio.file.Path;
import java.util.List;
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
    void theRecognizerLabelsAreBlankTheDictionaryAndSpaceOneForEachOutputClass() {
        List<String> labels = PaddleOcrModels.recognizerLabels();

        assertThat(labels).hasSize(6625).startsWith("blank").endsWith(" ").doesNotHaveDuplicates();
        // The dictionary holds one character outside the Basic Multilingual Plane.
        assertThat(labels).contains(new String(Character.toChars(0x231C9)));
        assertThat(PaddleOcrModel.RECOGNIZER_V4.descriptor(labels).outputs().get(0).shape())
                .containsExactly(-1L, -1L, 6625L);
    }
}

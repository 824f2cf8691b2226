package dev.vigil.nn;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures that happen before ONNX Runtime sees a model: the bytes here are not even ONNX. */
class ModelHostErrorsTest {
    @TempDir Path root;

    private ModelHost host(ExecutionProvider... providers) {
        return new ModelHost(
                NnSettings.builder().repository(root).providers(List.of(providers)).build());
    }

    @Test
    void aChangedFileIsRefusedByChecksum() throws Exception {
        StoredModel stored =
                new ModelRepository(root)
                        .importModel(
                                ModelRepositoryTest.descriptor("det", "1"), new byte[] {1, 2, 3});
        Files.write(stored.modelFile(), new byte[] {9, 9, 9});
        try (ModelHost host = host(ExecutionProvider.CPU)) {
            assertThatThrownBy(() -> host.lease(ModelRef.parse("det@1"), 0))
                    .isInstanceOf(ChecksumMismatchException.class)
                    .hasMessageContaining("det@1")
                    .hasMessageContaining(stored.descriptor().sha256())
                    .hasMessageContaining("import it again as a new version");
        }
    }

    @Test
    void anUnreadableFileIsNamed() throws Exception {
        StoredModel stored =
                new ModelRepository(root)
                        .importModel(ModelRepositoryTest.descriptor("det", "1"), new byte[] {1});
        Files.delete(stored.modelFile());
        try (ModelHost host = host(ExecutionProvider.CPU)) {
            assertThatThrownBy(() -> host.lease(ModelRef.parse("det"), 0))
                    .isInstanceOf(ModelFileException.class)
                    .hasMessageContaining("Cannot read the model file of det@1")
                    .hasMessageContaining(stored.modelFile().toString());
        }
    }

    @Test
    void anUnavailableProviderSaysWhyAndWhatToDo() {
        new ModelRepository(root)
                .importModel(ModelRepositoryTest.descriptor("det", "1"), new byte[] {1});
        try (ModelHost host = host(ExecutionProvider.CUDA)) {
            assertThatThrownBy(() -> host.lease(ModelRef.parse("det"), 0))
                    .isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("CUDA: unavailable (not in this ONNX Runtime build")
                    .hasMessageContaining("-Pgpu")
                    .hasMessageContaining("Add CPU to the providers");
        }
    }

    @Test
    void bytesThatAreNotOnnxFailOnEveryProviderWithTheirReason() {
        new ModelRepository(root)
                .importModel(ModelRepositoryTest.descriptor("det", "1"), new byte[] {1, 2});
        try (ModelHost host = host(ExecutionProvider.CPU)) {
            assertThatThrownBy(() -> host.lease(ModelRef.parse("det"), 0))
                    .isInstanceOf(ProviderUnavailableException.class)
                    .hasMessageContaining("CPU: unavailable (");
        }
    }
}

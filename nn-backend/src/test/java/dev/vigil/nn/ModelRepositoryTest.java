package dev.vigil.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {
    private static final byte[] BYTES_V1 = {1, 2, 3};
    private static final byte[] BYTES_V2 = {4, 5, 6, 7};

    @TempDir Path root;

    static ModelDescriptor descriptor(String name, String version) {
        return new ModelDescriptor(
                name,
                version,
                "test",
                List.of(TensorSpec.of("images", "float", "NCHW", -1, 3, 8, 8)),
                List.of(TensorSpec.of("scores", "float", "", -1, 2)),
                List.of("cat", "dog"),
                Optional.of(Normalization.unit()),
                "");
    }

    @Test
    void importsAndResolvesByVersionAndLatest() {
        ModelRepository repository = new ModelRepository(root);
        repository.importModel(descriptor("det", "2"), BYTES_V1);
        repository.importModel(descriptor("det", "10"), BYTES_V2);

        StoredModel latest = repository.resolve(ModelRef.parse("det"));
        assertThat(latest.descriptor().version()).isEqualTo("10");
        assertThat(latest.modelFile()).hasBinaryContent(BYTES_V2);
        assertThat(repository.resolve(ModelRef.parse("det@2")).descriptor().sha256())
                .isEqualTo("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
        assertThat(repository.list())
                .extracting(m -> m.descriptor().ref().toString())
                .containsExactly("det@2", "det@10");
    }

    @Test
    void descriptorRoundTripsThroughJson() {
        ModelRepository repository = new ModelRepository(root);
        ModelDescriptor written = descriptor("det", "1").withSha256("x");
        ModelDescriptor read = repository.importModel(written, BYTES_V1).descriptor();
        assertThat(repository.resolve(ModelRef.parse("det@1")).descriptor()).isEqualTo(read);
        assertThat(read.labels()).containsExactly("cat", "dog");
        assertThat(read.normalization()).contains(Normalization.unit());
        assertThat(read.input(null).shape()).containsExactly(-1L, 3L, 8L, 8L);
    }

    @Test
    void importIsIdempotentButAVersionNeverChanges() {
        ModelRepository repository = new ModelRepository(root);
        repository.importModel(descriptor("det", "1"), BYTES_V1);
        assertThat(repository.importModel(descriptor("det", "1"), BYTES_V1).modelFile())
                .hasBinaryContent(BYTES_V1);
        assertThatThrownBy(() -> repository.importModel(descriptor("det", "1"), BYTES_V2))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("det@1 already exists with other content")
                .hasMessageContaining("import it as a new version");
    }

    @Test
    void unknownNameListsWhatThereIs() {
        ModelRepository repository = new ModelRepository(root);
        repository.importModel(descriptor("det", "1"), BYTES_V1);
        assertThatThrownBy(() -> repository.resolve(ModelRef.parse("classifier@1")))
                .isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("No model 'classifier'")
                .hasMessageContaining("[det]");
    }

    @Test
    void unknownVersionListsTheVersions() {
        ModelRepository repository = new ModelRepository(root);
        repository.importModel(descriptor("det", "1"), BYTES_V1);
        assertThatThrownBy(() -> repository.resolve(ModelRef.parse("det@3")))
                .isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("no version '3'")
                .hasMessageContaining("[1]");
    }

    @Test
    void aBrokenDescriptorIsNamed() throws Exception {
        Path version = Files.createDirectories(root.resolve("det/1"));
        Files.writeString(version.resolve("model.json"), "{\"name\": \"det\", \"inputs\": ");
        ModelRepository repository = new ModelRepository(root);
        assertThatThrownBy(() -> repository.resolve(ModelRef.parse("det@1")))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining(version.resolve("model.json").toString());
    }
}

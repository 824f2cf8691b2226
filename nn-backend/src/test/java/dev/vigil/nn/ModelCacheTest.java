package dev.vigil.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.nn.synthetic.DeterministicDetector;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {
    private static final String NAME = DeterministicDetector.NAME;

    @TempDir Path work;
    private Path storeDir;
    private DirectoryStore store;
    private StoredModel original;

    @BeforeEach
    void fillStore() {
        storeDir = work.resolve("store");
        original = DeterministicDetector.build().importInto(new ModelRepository(storeDir), "1");
        store = new DirectoryStore(storeDir);
    }

    @Test
    void copiesOnceThenReusesTheCheckedCopy() throws IOException {
        ModelCache cache = new ModelCache(store, work.resolve("cache"), Long.MAX_VALUE);

        ModelCache.Prepared first = cache.prepare(List.of(ModelRef.of(NAME, "1")));
        ModelCache.Prepared second = cache.prepare(List.of(ModelRef.parse(NAME)));

        assertThat(first.fetched()).containsExactly(NAME + "@1");
        assertThat(second.fetched()).isEmpty();
        assertThat(second.reused()).containsExactly(NAME + "@1");
        assertThat(store.modelReads).isEqualTo(1);
        StoredModel local = second.repository().resolve(ModelRef.of(NAME, "1"));
        assertThat(local.descriptor()).isEqualTo(original.descriptor());
        assertThat(Files.mismatch(local.modelFile(), original.modelFile())).isEqualTo(-1);
    }

    @Test
    void refusesAStoreFileThatIsNotTheOneItsDescriptorNames() throws IOException {
        tamper(original.modelFile());
        ModelCache cache = new ModelCache(store, work.resolve("cache"), Long.MAX_VALUE);

        assertThatThrownBy(() -> cache.prepare(List.of(ModelRef.of(NAME, "1"))))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining(NAME + "@1")
                .hasMessageContaining(storeDir.toString())
                .hasMessageContaining("vigil models push");
        assertThat(blobs()).isEmpty();
    }

    @Test
    void fetchesAgainACachedFileThatWasDamaged() throws IOException {
        ModelCache cache = new ModelCache(store, work.resolve("cache"), Long.MAX_VALUE);
        cache.prepare(List.of(ModelRef.of(NAME, "1")));
        tamper(blobs().get(0));

        ModelCache.Prepared again = cache.prepare(List.of(ModelRef.of(NAME, "1")));

        assertThat(again.fetched()).containsExactly(NAME + "@1");
        assertThat(Files.mismatch(blobs().get(0), original.modelFile())).isEqualTo(-1);
    }

    @Test
    void evictsWhatWasUsedLongestAgoButNeverWhatIsBeingPrepared() throws IOException {
        DeterministicDetector.build().pixelForm("1").importInto(new ModelRepository(storeDir));
        String pixels = DeterministicDetector.PIXELS_NAME;
        long oneModel = Files.size(original.modelFile());
        ModelCache cache = new ModelCache(store, work.resolve("cache"), oneModel);

        cache.prepare(List.of(ModelRef.of(NAME, "1")));
        ModelCache.Prepared both =
                cache.prepare(List.of(ModelRef.of(NAME, "1"), ModelRef.of(pixels, "1")));
        assertThat(both.repository().list()).hasSize(2);

        ModelCache.Prepared other = cache.prepare(List.of(ModelRef.of(pixels, "1")));

        assertThat(other.repository().list())
                .extracting(model -> model.descriptor().ref().name())
                .containsExactly(pixels);
        assertThat(blobs()).hasSize(1);
    }

    @Test
    void namesTheStoreWhenAModelIsMissing() {
        ModelCache cache = new ModelCache(store, work.resolve("cache"), Long.MAX_VALUE);

        assertThatThrownBy(() -> cache.prepare(List.of(ModelRef.of("nope", "3"))))
                .isInstanceOf(UnknownModelException.class)
                .hasMessageContaining(storeDir.toString())
                .hasMessageContaining("nope");
    }

    private List<Path> blobs() throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("cache").resolve("blobs"))) {
            return files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
    }

    private static void tamper(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
    }

    /** A store in a local directory that counts the model files read from it. */
    private static final class DirectoryStore implements ModelStore {
        private final Path root;
        int modelReads;

        DirectoryStore(Path root) {
            this.root = root;
        }

        @Override
        public String location() {
            return root.toString();
        }

        @Override
        public byte[] read(String path) throws IOException {
            Path file = root.resolve(path);
            if (!Files.isRegularFile(file)) {
                throw new FileNotFoundException(file.toString());
            }
            if (path.endsWith(ModelRepository.MODEL_FILE)) {
                modelReads++;
            }
            return Files.readAllBytes(file);
        }

        @Override
        public List<String> directories(String path) throws IOException {
            List<String> names = new ArrayList<>();
            Path dir = root.resolve(path);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    entries.filter(Files::isDirectory)
                            .forEach(e -> names.add(e.getFileName().toString()));
                }
            }
            return names;
        }
    }
}

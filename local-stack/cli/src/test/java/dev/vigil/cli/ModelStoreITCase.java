package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.StoredModel;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.stack.embedded.EmbeddedFlink;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's models come from a {@code file://} store filled by {@code vigil models push}, on two
 * TaskManagers whose model caches start empty: each copies the model into its own cache; the next
 * start runs from the caches (the store's model file is gone by then); a store file that is not the
 * one its descriptor names is refused, with what to do.
 */
class ModelStoreITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    @TempDir static Path work;
    private static EmbeddedFlink flink;

    @BeforeAll
    static void startCluster() {
        // One slot each: a job at parallelism 2 runs a subtask on each TaskManager.
        flink =
                EmbeddedFlink.builder()
                        .workDir(work.resolve("flink"))
                        .taskManagers(2)
                        .slots(1)
                        .start();
    }

    @AfterAll
    static void stopCluster() {
        if (flink != null) {
            flink.close();
        }
    }

    @Test
    void eachTaskManagerCopiesIntoItsCacheReusesItAndRefusesATamperedFile() throws Exception {
        LossFixture fixture = new LossFixture(KAFKA.bootstrapServers(), REGISTRY.url(), work);
        Path storeDir = work.resolve("store");
        String store = storeDir.toUri().toString();
        StoredModel detector =
                DeterministicDetector.build()
                        .importInto(new ModelRepository(fixture.models()), "1");
        assertThat(
                        CliRun.succeed(
                                "models",
                                "push",
                                "--repository=" + fixture.models(),
                                "--to=" + store,
                                DeterministicDetector.NAME + "@1"))
                .contains("pushed");
        String sha256 = detector.descriptor().sha256();
        for (int i = 0; i < 2; i++) {
            assertThat(blob(i, sha256)).doesNotExist();
        }

        String first = fixture.submit(flink.restUrl(), List.of("--parallelism=2"), store);
        fixture.produce(1, 2);
        assertThat(fixture.detections(LossFixture.CAMERAS.size() * 2)).isNotEmpty();
        for (int i = 0; i < 2; i++) {
            assertThat(blob(i, sha256)).as("TaskManager %d's cache", i).exists();
            assertThat(Files.mismatch(blob(i, sha256), detector.modelFile())).isEqualTo(-1);
        }

        // The second start can only take the model from the caches.
        Path storedFile =
                new ModelRepository(storeDir)
                        .resolve(ModelRef.of(DeterministicDetector.NAME, "1"))
                        .modelFile();
        byte[] original = Files.readAllBytes(storedFile);
        Files.delete(storedFile);
        String second =
                CliRun.jobId(
                        afterRescaled(
                                CliRun.succeed(
                                        "job",
                                        "rescale",
                                        "--flink-url=" + flink.restUrl(),
                                        fixture.stateDir(),
                                        "--job=" + first,
                                        "--parallelism=2")));
        fixture.produce(3, 4);
        LossFixture.assertExactlyOnce(fixture.detections(LossFixture.CAMERAS.size() * 4), 4);
        assertThat(taskManagerLogs()).contains("reused from the cache");

        // New machines (empty caches) and a store whose file was changed: refused, not loaded.
        CliRun.succeed("job", "stop", "--flink-url=" + flink.restUrl(), "--job=" + second);
        byte[] tampered = original.clone();
        tampered[tampered.length / 2] ^= 1;
        Files.write(storedFile, tampered);
        for (int i = 0; i < 2; i++) {
            Files.delete(blob(i, sha256));
        }
        CliRun.Result refused =
                CliRun.run(
                        DetectorJob.submit(
                                List.of(
                                        "--flink-url=" + flink.restUrl(),
                                        fixture.stateDir(),
                                        "--jar=" + System.getProperty("vigil.job-jar")),
                                DetectorJob.args(
                                        KAFKA.bootstrapServers(),
                                        REGISTRY.url(),
                                        fixture.prefix(),
                                        store)));
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.out() + refused.err())
                .contains("FAILED")
                .contains(DeterministicDetector.NAME + "@1")
                .contains("SHA-256")
                .contains("vigil models push");
        for (int i = 0; i < 2; i++) {
            assertThat(blob(i, sha256)).doesNotExist();
        }
    }

    private static String afterRescaled(String out) {
        return out.substring(out.indexOf("rescaled:"));
    }

    private static Path blob(int taskManager, String sha256) {
        return flink.taskManagerTmpDir(taskManager)
                .resolve("vigil-model-cache")
                .resolve("blobs")
                .resolve(sha256);
    }

    private static String taskManagerLogs() throws IOException {
        return Files.readString(work.resolve("flink").resolve("taskmanager.log"))
                + Files.readString(work.resolve("flink").resolve("taskmanager-1.log"));
    }
}

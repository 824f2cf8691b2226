package dev.vigil.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.job.inference.DeploymentException;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.nn.synthetic.PcaAnomalyDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the job's main() refuses before submission, and what it leaves to the TaskManagers. */
class DeploymentCheckTest {
    @TempDir Path work;

    private Configuration options() {
        Path repository = work.resolve("models");
        if (!Files.exists(repository)) {
            DeterministicDetector.build().importInto(new ModelRepository(repository), "1");
        }
        Configuration options = new Configuration();
        options.set(JobOptions.GUEST, "bundled:deterministic-detect");
        options.set(JobOptions.MODELS, Map.of("detector", DeterministicDetector.NAME + "@1"));
        options.set(JobOptions.MODEL_REPOSITORY, repository.toString());
        return options;
    }

    private Path hostile(String name) throws Exception {
        Path guest = work.resolve(name + ".wasm");
        Files.copy(Path.of("../wasm-operator/src/test/resources/guests/" + name + ".wasm"), guest);
        return guest;
    }

    @Test
    void aValidDeploymentPassesAndLeavesOnlyTheModelLoadToTheTaskManagers() {
        assertThat(DeploymentCheck.verify(options()))
                .singleElement()
                .asString()
                .contains("loading the models into ONNX Runtime");
    }

    @Test
    void hostileGuestsThatDeclareNoModelAreRefused() throws Exception {
        for (String name : List.of("hostile-infinite-loop", "hostile-memory-bomb")) {
            Configuration options = options();
            options.set(JobOptions.GUEST, hostile(name).toString());
            assertThatThrownBy(() -> DeploymentCheck.verify(options))
                    .as(name)
                    .isInstanceOf(DeploymentException.class)
                    .hasMessageContaining("declares no model");
        }
    }

    @Test
    void aGuestThatDoesNotLinkIsRefusedWithTheLoadersMessage() throws Exception {
        Configuration options = options();
        options.set(JobOptions.GUEST, hostile("hostile-unknown-import").toString());
        assertThatThrownBy(() -> DeploymentCheck.verify(options))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("hostile-unknown-import");
    }

    @Test
    void aBatchSizeAboveTheGuestsLimitIsRefused() {
        Configuration options = options();
        options.set(JobOptions.MAX_BATCH, 1000);
        assertThatThrownBy(() -> DeploymentCheck.verify(options))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("vigil.batch.max-size=1000")
                .hasMessageContaining("set vigil.batch.max-size to at most");
    }

    @Test
    void aModelMissingFromAVisibleRepositoryIsRefused() {
        Configuration options = options();
        options.set(JobOptions.MODELS, Map.of("detector", "no-such-model@1"));
        assertThatThrownBy(() -> DeploymentCheck.verify(options))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("No model 'no-such-model'");
    }

    @Test
    void whatIsNotVisibleHereIsLeftToTheTaskManagers() {
        Configuration options = options();
        options.set(JobOptions.MODEL_REPOSITORY, work.resolve("elsewhere").toString());
        assertThat(DeploymentCheck.verify(options))
                .singleElement()
                .asString()
                .contains("not visible here");

        options.set(JobOptions.GUEST, work.resolve("on-the-taskmanagers.wasm").toString());
        assertThat(DeploymentCheck.verify(options).get(0))
                .contains("on-the-taskmanagers.wasm")
                .contains("not visible here");
    }

    @Test
    void aSensorJobWhoseWindowsAreNotTheModelsLengthIsRefused() {
        Path repository = work.resolve("sensor-models");
        PcaAnomalyDetector.fit().model().importInto(new ModelRepository(repository), "1");
        Configuration options = new Configuration();
        options.set(JobOptions.SENSORS, true);
        options.set(JobOptions.GUEST, "bundled:anomaly-score");
        options.set(JobOptions.MODELS, Map.of("detector", PcaAnomalyDetector.NAME + "@1"));
        options.set(JobOptions.MODEL_REPOSITORY, repository.toString());
        assertThat(DeploymentCheck.verify(options)).hasSize(1);

        options.set(JobOptions.SENSOR_WINDOW_SIZE, 128);
        assertThatThrownBy(() -> DeploymentCheck.verify(options))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("pca-anomaly@1 takes windows of 256 samples")
                .hasMessageContaining("vigil.sensors.window-size=128");
    }
}

package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobCommandTest {
    @Test
    void anUpgradeReplacesTheNamedModelsAndKeepsEverythingElse() {
        List<String> submitted =
                List.of(
                        "--vigil.guest",
                        "bundled:text-detect",
                        "--vigil.models",
                        "detector:ppocr-det@3,recognizer:ppocr-rec@3");

        assertThat(JobCommand.Upgrade.withModels(submitted, Map.of("detector", "ppocr-det@4")))
                .containsExactly(
                        "--vigil.guest",
                        "bundled:text-detect",
                        "--vigil.models",
                        "detector:ppocr-det@4,recognizer:ppocr-rec@3");
        assertThat(JobCommand.Upgrade.withModels(List.of(), Map.of("detector", "ppocr-det@4")))
                .containsExactly("--vigil.models", "detector:ppocr-det@4");
        assertThat(
                        JobCommand.Upgrade.withModels(
                                List.of(
                                        "--vigil.models",
                                        "detector:ppocr-det@4,recogniser:ppocr-rec@4"),
                                Map.of("recogniser", "ppocr-rec@3")))
                .as("the reader's recogniser upgrades as the detector does")
                .containsExactly("--vigil.models", "detector:ppocr-det@4,recogniser:ppocr-rec@3");
    }

    @Test
    void remembersWhatWasSubmittedAndSaysWhatToDoWithoutARecord(@TempDir Path state) {
        Submissions submissions = new Submissions(state);
        submissions.record("abc", Path.of("job.jar"), List.of("--vigil.models", "detector:x@1"));

        assertThat(submissions.args("abc")).containsExactly("--vigil.models", "detector:x@1");
        assertThat(submissions.jar("abc")).contains(Path.of("job.jar").toAbsolutePath());
        assertThat(submissions.latest()).contains("abc");
        assertThatThrownBy(() -> submissions.args("def"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("No record of how job def was submitted")
                .hasMessageContaining("Give its options after --");
    }

    @Test
    void theLatestRetainedCheckpointIsTheHighestCompleteOne(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("0123");
        for (String chk : List.of("chk-9", "chk-10", "chk-11", "shared", "taskowned")) {
            Files.createDirectories(job.resolve(chk));
        }
        Files.writeString(job.resolve("chk-9/_metadata"), "m");
        Files.writeString(job.resolve("chk-10/_metadata"), "m");
        // chk-11 was in progress when its JobManager died: no _metadata yet.

        assertThat(RetainedCheckpoints.in(dir.toUri().toString()).latest("0123"))
                .contains(job.resolve("chk-10"));
        assertThat(RetainedCheckpoints.in(dir.toString()).latest("4567")).isEmpty();
        assertThatThrownBy(() -> RetainedCheckpoints.in("s3://bucket/checkpoints"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("--checkpoint");
    }

    @Test
    void anUnreachableClusterIsNamedWithWhatToDo() {
        assertThatThrownBy(() -> new FlinkRest("http://127.0.0.1:1").jobs())
                .isInstanceOf(CliException.class)
                .hasMessageContaining("Cannot reach the Flink cluster at http://127.0.0.1:1")
                .hasMessageContaining("--flink-url");
    }
}

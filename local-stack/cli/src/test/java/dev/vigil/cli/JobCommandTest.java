package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    }

    @Test
    void remembersWhatWasSubmittedAndSaysWhatToDoWithoutARecord(@TempDir Path state) {
        Submissions submissions = new Submissions(state);
        submissions.record("abc", List.of("--vigil.models", "detector:x@1"));

        assertThat(submissions.args("abc")).containsExactly("--vigil.models", "detector:x@1");
        assertThatThrownBy(() -> submissions.args("def"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("No record of how job def was submitted")
                .hasMessageContaining("Give its options after --");
    }

    @Test
    void anUnreachableClusterIsNamedWithWhatToDo() {
        assertThatThrownBy(() -> new FlinkRest("http://127.0.0.1:1").jobs())
                .isInstanceOf(CliException.class)
                .hasMessageContaining("Cannot reach the Flink cluster at http://127.0.0.1:1")
                .hasMessageContaining("--flink-url");
    }
}

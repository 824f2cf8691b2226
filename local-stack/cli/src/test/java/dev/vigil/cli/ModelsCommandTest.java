package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {
    @Test
    void importsThePackagedModelsOnceAndListsThem(@TempDir Path repository) {
        assertThat(CliRun.succeed("models", "list", "--repository=" + repository))
                .contains("No models in " + repository + ": run 'vigil models import'.");

        String imported = CliRun.succeed("models", "import", "--repository=" + repository);
        assertThat(imported)
                .contains("imported  ppocr-det@4")
                .contains("imported  ppocr-rec@3")
                .contains("imported  deterministic-detector@1")
                .contains("imported  ppocr-det-u8@4")
                .contains("imported  deterministic-detector-u8@1")
                .contains("imported  pca-anomaly@1")
                .contains("10 models in " + repository.toAbsolutePath());
        assertThat(imported).doesNotContain("unchanged");
        // A second import finds every version in place, changes nothing and says so.
        String again = CliRun.succeed("models", "import", "--repository=" + repository);
        assertThat(again)
                .doesNotContain("imported")
                .isEqualTo(imported.replace("imported  ", "unchanged "));

        String listed = CliRun.succeed("models", "list", "--repository=" + repository);
        assertThat(listed.lines())
                .hasSize(10)
                .anyMatch(line -> line.startsWith("ppocr-det@3") && line.contains("text detector"))
                .anyMatch(line -> line.startsWith("ppocr-cls@2"));
    }

    @Test
    void verifiesModelsAndNamesTheOneWhoseFileChanged(@TempDir Path repository) throws Exception {
        CliRun.succeed("models", "import", "--repository=" + repository);
        assertThat(
                        CliRun.succeed(
                                "models",
                                "verify",
                                "--repository=" + repository,
                                "deterministic-detector@1",
                                "ppocr-cls@2",
                                "ppocr-det-u8@3"))
                .contains("ok      deterministic-detector@1")
                .contains("ok      ppocr-det-u8@3")
                .contains("3 of 3 model versions verified");

        Path file = repository.resolve("deterministic-detector/1/model.onnx");
        Files.write(file, new byte[] {0}, StandardOpenOption.APPEND);
        CliRun.Result tampered =
                CliRun.run(
                        "models",
                        "verify",
                        "--repository=" + repository,
                        "deterministic-detector@1");
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out())
                .contains("FAILED  deterministic-detector@1: The model file of")
                .contains("SHA-256");
    }
}

package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code vigil demo} as a user would, twice on the same work dir. */
class DemoCommandITCase {

    @Test
    void readsBackEveryFrameAndASecondRunFindsTheTopicsInPlace(@TempDir Path dir) {
        String first = demo(dir);
        assertThat(first)
                .contains("+ create frames")
                .contains("demo: frames=12 read=12 sources=2 lost=0");

        String second = demo(dir);
        assertThat(second)
                .contains("No changes: the cluster already matched the catalogue.")
                .contains("demo: frames=12 read=12 sources=2 lost=0");
    }

    private static String demo(Path dir) {
        return CliRun.succeed(
                "demo", "--cameras=2", "--frames=12", "--fps=50", "--work-dir=" + dir);
    }
}

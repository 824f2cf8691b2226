package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which already running job the demo takes over. */
class DemoCommandTest {
    private static final String JOB = "0123456789abcdef0123456789abcdef";

    @TempDir Path state;

    @Test
    void refusesAJobLeftWithAnotherGuestAndSaysHowToClearIt() {
        Submissions submissions = new Submissions(state);
        submissions.record(
                JOB, state.resolve("job.jar"), List.of("--vigil.guest", "bundled:text-detect"));

        assertThatThrownBy(() -> DemoCommand.requireDemoGuest(submissions, JOB))
                .hasMessageContaining("runs guest bundled:text-detect")
                .hasMessageContaining("not this demo's " + DemoCommand.GUEST)
                .hasMessageContaining("./vigil flink cancel " + JOB);
    }

    @Test
    void takesTheDemosOwnJobAlsoUpgradedOrOneItHasNoRecordOf() {
        Submissions submissions = new Submissions(state);
        submissions.record(
                JOB,
                state.resolve("job.jar"),
                List.of(
                        "--vigil.guest",
                        DemoCommand.GUEST,
                        "--vigil.models",
                        "detector:ppocr-det@4,recogniser:ppocr-rec@3"));

        assertThatCode(() -> DemoCommand.requireDemoGuest(submissions, JOB))
                .doesNotThrowAnyException();
        assertThatCode(() -> DemoCommand.requireDemoGuest(submissions, "f".repeat(32)))
                .doesNotThrowAnyException();
    }
}

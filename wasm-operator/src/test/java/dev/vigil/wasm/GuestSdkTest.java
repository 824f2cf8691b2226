package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The guest SDK's own Rust tests, so that the build's test command runs them: guests/test.sh runs
 * its unit tests on the host target and its compile-fail checks on wasm32. Skipped where Debian's
 * rustc is missing, as GuestBinariesTest is.
 */
class GuestSdkTest {
    private static final Path RUSTC = Path.of("/usr/bin/rustc");

    @Test
    void sdkTestsPass() throws Exception {
        assumeTrue(
                Files.isExecutable(RUSTC),
                "needs /usr/bin/rustc (apt-get install rustc libstd-rust-dev-wasm32)");
        Process process =
                new ProcessBuilder("sh", "guests/test.sh").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("guests/test.sh failed:%n%s", output).isZero();
        assertThat(output).contains("test result: ok.");
    }
}

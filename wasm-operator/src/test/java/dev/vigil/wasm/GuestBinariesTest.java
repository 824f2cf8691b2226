package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed guest binaries are what their sources build to: rebuilt with guests/build.sh where
 * Debian's rustc and its wasm32 standard library exist, skipped elsewhere.
 */
class GuestBinariesTest {
    private static final Path RUSTC = Path.of("/usr/bin/rustc");
    private static final Path WASM_STD = Path.of("/usr/lib/rustlib/wasm32-unknown-unknown/lib");
    private static final Path COMMITTED_MAIN = Path.of("src/main/resources/dev/vigil/wasm/guests");
    private static final Path COMMITTED_TEST = Path.of("src/test/resources/guests");

    @TempDir Path out;

    @Test
    void committedBinariesMatchTheirSources() throws Exception {
        assumeTrue(
                Files.isExecutable(RUSTC) && Files.isDirectory(WASM_STD),
                "needs /usr/bin/rustc and libstd-rust-dev-wasm32 (apt-get install rustc"
                        + " libstd-rust-dev-wasm32)");
        Path main = Files.createDirectories(out.resolve("main"));
        Path test = Files.createDirectories(out.resolve("test"));
        build(main, test);

        assertSame(main, COMMITTED_MAIN);
        assertSame(test, COMMITTED_TEST);
    }

    private static void build(Path main, Path test) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder("sh", "guests/build.sh").redirectErrorStream(true);
        builder.environment().put("OUT_MAIN", main.toString());
        builder.environment().put("OUT_TEST", test.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("guests/build.sh failed:%n%s", output).isZero();
    }

    private static void assertSame(Path built, Path committed) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(built)) {
            files = list.sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            Path mine = committed.resolve(file.getFileName());
            assertThat(mine).as("committed %s", mine).exists();
            assertThat(Files.readAllBytes(mine))
                    .as("%s is stale: run guests/build.sh and commit the result", mine)
                    .isEqualTo(Files.readAllBytes(file));
        }
    }
}

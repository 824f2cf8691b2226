package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRef;
import dev.vigil.wasm.testing.PlateScore;
import dev.vigil.wasm.testing.PlateSet;
import dev.vigil.wasm.testing.PlateSet.Difficulty;
import dev.vigil.wasm.testing.PlateSet.Sample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code text-read} with the packaged v4 models on a small seeded {@link PlateSet} of clean
 * renders: at least 95 % of the plates read exactly but for the spaces between their groups (and at
 * least 90 % exactly, spaces included). perf's {@code TextReadAccuracy} measures every difficulty
 * on larger sets (perf/RESULTS.md).
 */
class TextReadAccuracyITCase {
    @TempDir Path root;
    ModelHost host;
    GuestPool pool;

    @BeforeEach
    void start() {
        host = PaddleOcrFixture.host(root);
        WasmSettings settings =
                WasmSettings.builder()
                        .allowModel("detector", ModelRef.parse("ppocr-det@4"))
                        .allowModel("recogniser", ModelRef.parse("ppocr-rec@4"))
                        .poolSize(1)
                        .callDeadline(java.time.Duration.ofSeconds(60))
                        .build();
        pool = GuestPool.start(GuestModule.bundled("text-read", settings), settings, host);
    }

    @AfterEach
    void stop() {
        pool.close();
        host.close();
    }

    @Test
    void readsAtLeast95PercentOfCleanPlatesExactlyButForSpaces() {
        List<Sample> set = PlateSet.generate(1, 32, Difficulty.CLEAN);
        PlateScore score = new PlateScore();
        int batch = pool.module().metadata().maxBatch();
        for (int from = 0; from < set.size(); from += batch) {
            List<Sample> part = set.subList(from, Math.min(set.size(), from + batch));
            score.add(part, pool.process(part.stream().map(Sample::frame).toList()));
        }
        assertThat(score.samples()).isEqualTo(32);
        // A plate is its characters: PP-OCRv4 drops some spaces between groups even on clean
        // renders (2 of these 32), which the watchlist's normalisation ignores. The exact string,
        // spaces included, has a floor of its own, so losing more of them fails too.
        assertThat(score.unspacedRate()).as("%s", score).isGreaterThanOrEqualTo(0.95);
        assertThat(score.exactRate()).as("%s", score).isGreaterThanOrEqualTo(0.90);
    }
}

package dev.vigil.perf.wasm;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.nn.packaged.PaddleOcrModels;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.GuestPool;
import dev.vigil.wasm.WasmSettings;
import dev.vigil.wasm.testing.PlateScore;
import dev.vigil.wasm.testing.PlateSet;
import dev.vigil.wasm.testing.PlateSet.Difficulty;
import dev.vigil.wasm.testing.PlateSet.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How well the bundled {@code text-read} guest reads licence plates: a seeded {@link PlateSet} per
 * difficulty bucket (clean, mild, hard) through the warm pool with the packaged PaddleOCR detector
 * and recogniser of one version, printing per bucket the plates read exactly, exactly but for
 * spaces, and the character error rate. Figures are printed, not asserted (perf/RESULTS.md).
 *
 * <p>Arguments: {@code [version (4)] [plates per bucket (100)] [seed (1)]}.
 */
public final class TextReadAccuracy {
    private TextReadAccuracy() {}

    public static void main(String[] args) throws IOException {
        int version = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Path repository = Files.createTempDirectory("vigil-text-read-models");
        PaddleOcrModels.importAll(new ModelRepository(repository));
        WasmSettings settings =
                WasmSettings.builder()
                        .allowModel("detector", ModelRef.parse("ppocr-det@" + version))
                        .allowModel("recogniser", ModelRef.parse("ppocr-rec@" + version))
                        .poolSize(1)
                        .callDeadline(Duration.ofSeconds(120))
                        .build();
        try (ModelHost host =
                        new ModelHost(
                                NnSettings.builder()
                                        .repository(repository)
                                        .providers(List.of(ExecutionProvider.CPU))
                                        .warmupBatchSizes(List.of(1))
                                        .build());
                GuestPool pool =
                        GuestPool.start(
                                GuestModule.bundled("text-read", settings), settings, host)) {
            int batch = pool.module().metadata().maxBatch();
            System.out.printf(
                    "text-read, ppocr-det@%d + ppocr-rec@%d, %d plates per bucket, seed %d%n",
                    version, version, count, seed);
            for (Difficulty difficulty : Difficulty.values()) {
                List<Sample> set = PlateSet.generate(seed, count, difficulty);
                PlateScore score = new PlateScore();
                long started = System.nanoTime();
                for (int from = 0; from < set.size(); from += batch) {
                    List<Sample> part = set.subList(from, Math.min(set.size(), from + batch));
                    score.add(part, pool.process(part.stream().map(Sample::frame).toList()));
                }
                System.out.printf(
                        "%-5s %s (%.0f ms per frame)%n",
                        difficulty, score, (System.nanoTime() - started) / 1e6 / set.size());
            }
        }
    }
}

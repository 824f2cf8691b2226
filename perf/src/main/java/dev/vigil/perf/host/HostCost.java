package dev.vigil.perf.host;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelLease;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.nn.packaged.PaddleOcrModels;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.perf.pipeline.BenchEncoding;
import dev.vigil.schemas.FrameEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The host's cost per frame, issue 20's steps, each measured against its "before" in this one
 * process: {@code perf/bench-host [spinning] [decode] [copies] [--quick] [--ppocr-side N]} (all
 * three steps unless named). Figures are printed, not asserted; record them in perf/RESULTS.md with
 * the command line.
 */
public final class HostCost {
    private HostCost() {}

    public static void main(String[] args) throws IOException {
        Set<String> steps = new java.util.LinkedHashSet<>();
        boolean quick = false;
        int ppocrSide = 320;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "spinning", "decode", "copies" -> steps.add(args[i]);
                case "--quick" -> quick = true;
                case "--ppocr-side" -> ppocrSide = Integer.parseInt(args[++i]);
                default ->
                        throw new IllegalArgumentException(
                                "Unknown argument '"
                                        + args[i]
                                        + "': use spinning, decode, copies, --quick, --ppocr-side"
                                        + " N");
            }
        }
        if (steps.isEmpty()) {
            steps.addAll(List.of("spinning", "decode", "copies"));
        }
        System.out.printf(
                "host-cost: %d cores, intra-op threads %d, %s%n",
                Runtime.getRuntime().availableProcessors(),
                NnSettings.builder().build().intraOpThreads(),
                Runtime.version());
        Path repository = Files.createTempDirectory("vigil-host-cost");
        try {
            DeterministicDetector.build().importInto(new ModelRepository(repository), "1");
            if (steps.contains("spinning")) {
                PaddleOcrModels.importAll(new ModelRepository(repository));
                SpinningCost spinning =
                        new SpinningCost(repository, quick ? 2 : 4, quick ? 1000 : 2000, 20);
                spinning.measure(
                        new SpinningCost.Workload(
                                DeterministicDetector.NAME, new long[] {8, 3, 480, 640}));
                spinning.measure(
                        new SpinningCost.Workload(
                                "ppocr-det@4", new long[] {8, 3, ppocrSide, ppocrSide}));
            }
            if (steps.contains("decode")) {
                try (ModelHost host = cpuHost(repository);
                        ModelLease detector =
                                host.lease(ModelRef.parse(DeterministicDetector.NAME), 0)) {
                    DecodeCost decode = new DecodeCost(quick ? 3 : 6, quick ? 20 : 40);
                    decode.measure(640, 480, detector);
                    decode.measure(1280, 720, detector);
                }
            }
            if (steps.contains("copies")) {
                CopyCost copies = new CopyCost(quick ? 100 : 300);
                copies.measure(
                        "JPEG-640x480",
                        FrameEncoding.JPEG,
                        640,
                        480,
                        BenchEncoding.JPEG.encode(SceneFrames.scene(640, 480, 7)));
                copies.measure(
                        "RAW-640x640",
                        FrameEncoding.RAW_RGB8,
                        640,
                        640,
                        BenchEncoding.RAW.encode(SceneFrames.scene(640, 640, 7)));
            }
        } finally {
            try (Stream<Path> files = Files.walk(repository)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static ModelHost cpuHost(Path repository) {
        return new ModelHost(
                NnSettings.builder()
                        .repository(repository)
                        .providers(List.of(ExecutionProvider.CPU))
                        .build());
    }
}

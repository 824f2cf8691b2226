package dev.vigil.perf.wasm;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.nn.packaged.PaddleOcrModels;
import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.FrameResult;
import dev.vigil.wasm.GuestBatch;
import dev.vigil.wasm.GuestBox;
import dev.vigil.wasm.GuestFrame;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.GuestPool;
import dev.vigil.wasm.WasmSettings;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code text-read} guest's cost per frame with its second stage, by the number of text lines
 * on the frame ({@code crops}: 1, 4, 16, each read, so one recogniser batch of that many crops):
 * one 640×640 RAW frame per call through the warm pool, the real {@code ppocr-det@4} and {@code
 * ppocr-rec@4} (one intra-op thread). {@link ModelSplit} counts, per call, the time the host spent
 * in the two model runs ({@code modelMicros}) and the rest ({@code outsideMicros}: frame table,
 * letterbox, DBNet post-processing and line joining, the labels, the crops, CTC decoding, results):
 * the guest's overhead beside the models' own run time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class TextReadBenchmark {
    private static final int SIDE = 640;

    @Param({"1", "4", "16"})
    public int crops;

    private Path repository;
    private ModelHost host;
    private GuestPool pool;
    private List<GuestFrame> frame;

    @Setup
    public void start() throws IOException {
        repository = Files.createTempDirectory("vigil-bench-text-read");
        PaddleOcrModels.importAll(new ModelRepository(repository));
        host =
                new ModelHost(
                        NnSettings.builder()
                                .repository(repository)
                                .providers(List.of(ExecutionProvider.CPU))
                                .warmupBatchSizes(List.of(1))
                                .intraOpThreads(1)
                                .build());
        WasmSettings settings =
                WasmSettings.builder()
                        .allowModel("detector", ModelRef.parse("ppocr-det@4"))
                        .allowModel("recogniser", ModelRef.parse("ppocr-rec@4"))
                        .poolSize(1)
                        .build();
        pool = GuestPool.start(GuestModule.bundled("text-read", settings), settings, host);
        frame = List.of(lines(crops));
        List<GuestBox> read = pool.run(frame).results().get(0).detections();
        long withText = read.stream().filter(b -> b.text() != null).count();
        if (read.size() != crops || withText != crops) {
            throw new IllegalStateException(
                    "the frame of " + crops + " lines gave " + read + ": not one crop per line");
        }
    }

    /** {@code count} plate-like lines in two columns, far enough apart not to join. */
    private static GuestFrame lines(int count) {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(235, 232, 224));
        g.fillRect(0, 0, SIDE, SIDE);
        g.setColor(new Color(20, 24, 32));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 30));
        for (int i = 0; i < count; i++) {
            g.drawString("KX-47" + (10 + i), 30 + (i % 2) * 340, 60 + (i / 2) * 75);
        }
        g.dispose();
        byte[] rgb = new byte[3 * SIDE * SIDE];
        for (int y = 0, at = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++, at += 3) {
                int p = image.getRGB(x, y);
                rgb[at] = (byte) (p >> 16);
                rgb[at + 1] = (byte) (p >> 8);
                rgb[at + 2] = (byte) p;
            }
        }
        return GuestFrame.of("bench", 1, FrameEncoding.RAW_RGB8, SIDE, SIDE, rgb);
    }

    @TearDown
    public void stop() throws IOException {
        pool.close();
        host.close();
        try (var files = Files.walk(repository)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Per call: the host's time in model runs, and the rest of the call's (measured around the
     * call: the host's pre and post timings leave out the time between the two runs).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class ModelSplit {
        public long modelMicros;
        public long outsideMicros;
        public long calls;

        @Setup(Level.Iteration)
        public void reset() {
            modelMicros = 0;
            outsideMicros = 0;
            calls = 0;
        }

        /** {@code batch}'s model time, and the rest of the {@code micros} the call took. */
        List<FrameResult> count(GuestBatch batch, long micros) {
            modelMicros += batch.timings().inferMicros();
            outsideMicros += micros - batch.timings().inferMicros();
            calls++;
            return batch.results();
        }
    }

    @Benchmark
    public List<FrameResult> call(ModelSplit split) {
        long started = System.nanoTime();
        GuestBatch batch = pool.run(frame);
        return split.count(batch, (System.nanoTime() - started) / 1000);
    }
}

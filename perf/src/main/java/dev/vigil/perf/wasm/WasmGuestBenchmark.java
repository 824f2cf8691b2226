package dev.vigil.perf.wasm;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelLease;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.FrameResult;
import dev.vigil.wasm.GuestBatch;
import dev.vigil.wasm.GuestFrame;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.GuestPool;
import dev.vigil.wasm.WasmSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Wasm operator's costs with the bundled {@code deterministic-detect} guest and nn-backend's
 * generated detector (one intra-op thread):
 *
 * <ul>
 *   <li>{@code call640}: one 640×640 RAW frame through the warm pool, the whole call, in a JVM with
 *       {@code --add-modules jdk.incubator.vector} (the vector letterbox kernel);
 *   <li>{@code call640Scalar}: the same in a fork without that flag (the scalar kernel);
 *   <li>{@code call640Blank}: a black 640×640 frame, vector kernel: no heatmap cell above the
 *       threshold, so no regions and no boxes (a random frame gives ~520 of each);
 *   <li>{@code modelRun640}: the same model run alone, input and output in direct memory as the
 *       guest's are: the baseline, so {@code call640 - modelRun640} is the guest + host overhead
 *       per frame (frame table, letterbox kernel, Wasm code, regions, results);
 *   <li>{@code call640Pixels}, {@code call640PixelsBlank}, {@code modelRun640Pixels}: the same with
 *       the detector that takes 8-bit pixels ({@code deterministic-detector-u8}): the guest
 *       letterboxes bytes ({@code letterbox_u8}, NHWC) and the model normalises in its graph, so
 *       {@code call640Pixels - modelRun640Pixels} is the guest + host overhead of that
 *       configuration;
 *   <li>{@code callTiny}: an 8×8 frame: the fixed cost of a call (model run on 8×8 included);
 *   <li>{@code startPool}, {@code startPool9}: starting and closing a pool of 1 and of 9 warm
 *       instances (module already compiled, models already loaded): {@code (startPool9 - startPool)
 *       / 8} is the cost of building one warm instance, free of the pool's fixed costs (its
 *       threads, the model leases); run with {@code -prof gc} for the heap per instance the same
 *       way.
 * </ul>
 *
 * The whole-call benchmarks also count, with {@link CallSplit}, the time each call spends outside
 * its model run as the host measures it ({@code outsideModelMicros / calls}): the overhead seen
 * inside the call, free of the run-to-run noise of subtracting two benchmarks, though without the
 * model run's own slowdown in context (a cold tensor) that the subtraction includes.
 *
 * <p>The teardown prints the linear memory and direct memory of a warm instance after 640×640
 * calls.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
public class WasmGuestBenchmark {
    private static final int SIDE = 640;

    private Path repository;
    private ModelHost host;
    private GuestModule module;
    private WasmSettings settings;
    private GuestPool pool;
    private GuestPool pixelPool;
    private WasmSettings settings9;
    private ModelLease lease;
    private ModelLease pixelLease;
    private List<GuestFrame> frame640;
    private List<GuestFrame> blank640;
    private List<GuestFrame> tiny;
    private FloatBuffer input;
    private ByteBuffer pixels;
    private Map<String, FloatBuffer> output;

    @Setup
    public void start() throws IOException {
        repository = Files.createTempDirectory("vigil-bench-models");
        DeterministicDetector.build().importInto(new ModelRepository(repository), "1");
        DeterministicDetector.build().pixelForm("1").importInto(new ModelRepository(repository));
        host =
                new ModelHost(
                        NnSettings.builder()
                                .repository(repository)
                                .providers(List.of(ExecutionProvider.CPU))
                                .warmupBatchSizes(List.of(1))
                                .intraOpThreads(1)
                                .build());
        ModelRef detector = ModelRef.parse(DeterministicDetector.NAME + "@1");
        settings = WasmSettings.builder().allowModel("detector", detector).poolSize(1).build();
        module = GuestModule.bundled("deterministic-detect", settings);
        pool = GuestPool.start(module, settings, host);
        settings9 = WasmSettings.builder().allowModel("detector", detector).poolSize(9).build();
        lease = host.lease(detector, 0);
        ModelRef pixelDetector = ModelRef.parse(DeterministicDetector.PIXELS_NAME + "@1");
        WasmSettings pixelSettings =
                WasmSettings.builder().allowModel("detector", pixelDetector).poolSize(1).build();
        pixelPool = GuestPool.start(module, pixelSettings, host);
        pixelLease = host.lease(pixelDetector, 0);
        frame640 = List.of(raw(SIDE, SIDE));
        blank640 =
                List.of(
                        GuestFrame.of(
                                "bench",
                                2,
                                FrameEncoding.RAW_RGB8,
                                SIDE,
                                SIDE,
                                new byte[3 * SIDE * SIDE]));
        tiny = List.of(raw(8, 8));
        input = direct(3 * SIDE * SIDE);
        for (int i = 0; i < input.capacity(); i++) {
            input.put(i, (i % 251) / 250f);
        }
        pixels = ByteBuffer.allocateDirect(3 * SIDE * SIDE);
        for (int i = 0; i < pixels.capacity(); i++) {
            pixels.put(i, (byte) (i % 251));
        }
        output = Map.of("heatmap", direct((SIDE / 8) * (SIDE / 8)));
    }

    private static GuestFrame raw(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        new SplittableRandom(3).nextBytes(rgb);
        return GuestFrame.of("bench", 1, FrameEncoding.RAW_RGB8, width, height, rgb);
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    @TearDown
    public void stop() throws IOException {
        pool.process(frame640);
        GuestPool.Stats stats = pool.stats();
        System.out.printf(
                "%nwarm instance after 640x640 calls: %d pages of linear memory (%d KiB), %d KiB"
                        + " direct memory reserved%n",
                stats.maxMemoryPages(), stats.maxMemoryPages() * 64, stats.reservedBytes() / 1024);
        pool.close();
        pixelPool.close();
        lease.close();
        pixelLease.close();
        host.close();
        try (Stream<Path> files = Files.walk(repository)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /**
     * Per measured iteration: the host-measured time of the calls outside their model runs (decode,
     * letterbox, guest code, host calls, results) and the number of calls.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CallSplit {
        public long outsideModelMicros;
        public long calls;

        @Setup(Level.Iteration)
        public void reset() {
            outsideModelMicros = 0;
            calls = 0;
        }

        List<FrameResult> count(GuestBatch batch) {
            outsideModelMicros += batch.timings().preMicros() + batch.timings().postMicros();
            calls++;
            return batch.results();
        }
    }

    @Benchmark
    public List<FrameResult> call640(CallSplit split) {
        return split.count(pool.run(frame640));
    }

    @Benchmark
    public List<FrameResult> call640Blank(CallSplit split) {
        return split.count(pool.run(blank640));
    }

    /** As a JVM without the Vector API runs it: the letterbox kernel's scalar baseline. */
    @Benchmark
    @Fork(
            value = 1,
            jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
    public List<FrameResult> call640Scalar(CallSplit split) {
        return split.count(pool.run(frame640));
    }

    @Benchmark
    public Map<String, long[]> modelRun640() {
        return lease.runInto(null, input.duplicate(), new long[] {1, 3, SIDE, SIDE}, output);
    }

    @Benchmark
    public List<FrameResult> call640Pixels(CallSplit split) {
        return split.count(pixelPool.run(frame640));
    }

    @Benchmark
    public List<FrameResult> call640PixelsBlank(CallSplit split) {
        return split.count(pixelPool.run(blank640));
    }

    @Benchmark
    public Map<String, long[]> modelRun640Pixels() {
        return pixelLease.runInto(null, pixels.duplicate(), new long[] {1, SIDE, SIDE, 3}, output);
    }

    @Benchmark
    public List<FrameResult> callTiny() {
        return pool.process(tiny);
    }

    @Benchmark
    public GuestPool startPool() {
        return startAndClose(settings);
    }

    @Benchmark
    public GuestPool startPool9() {
        return startAndClose(settings9);
    }

    private GuestPool startAndClose(WasmSettings poolSettings) {
        GuestPool started = GuestPool.start(module, poolSettings, host);
        started.close();
        return started;
    }
}

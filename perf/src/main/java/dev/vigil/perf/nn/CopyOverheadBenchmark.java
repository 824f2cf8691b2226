package dev.vigil.perf.nn;

import dev.vigil.nn.BatchResult;
import dev.vigil.nn.synthetic.DeterministicDetector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * What a copy of the input costs next to a run that needs none: a batch of eight 640×640 frames (39
 * MB of floats) through the deterministic detector, a model so cheap that the copy shows.
 *
 * <ul>
 *   <li>{@code directInput}: the batch in a native-order direct buffer, used in place (the Wasm
 *       host's way);
 *   <li>{@code heapInput}: the same floats in a heap buffer, which ONNX Runtime's Java API copies
 *       into native memory first;
 *   <li>{@code copyOnly}: that copy alone, heap to direct, the overhead per batch.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class CopyOverheadBenchmark {
    private static final int BATCH = 8;
    private static final int SIDE = 640;
    private static final int FLOATS = BATCH * 3 * SIDE * SIDE;

    private BenchmarkModels models;
    private FloatBuffer direct;
    private FloatBuffer heap;
    private FloatBuffer copyTarget;

    @Setup(Level.Trial)
    public void load() {
        models = new BenchmarkModels(DeterministicDetector.build(), List.of(BATCH));
        direct =
                ByteBuffer.allocateDirect(FLOATS * Float.BYTES)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
        copyTarget =
                ByteBuffer.allocateDirect(FLOATS * Float.BYTES)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
        heap = FloatBuffer.allocate(FLOATS);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < FLOATS; i++) {
            float pixel = (float) random.nextDouble();
            direct.put(i, pixel);
            heap.put(i, pixel);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        models.close();
    }

    @Benchmark
    public float directInput() {
        return run(direct);
    }

    @Benchmark
    public float heapInput() {
        return run(heap);
    }

    @Benchmark
    public FloatBuffer copyOnly() {
        return copyTarget.clear().put(heap.duplicate());
    }

    private float run(FloatBuffer input) {
        try (BatchResult result = models.lease().run(input.duplicate(), BATCH, 3, SIDE, SIDE)) {
            return result.frame("heatmap", BATCH - 1).get(0);
        }
    }
}

package dev.vigil.perf.nn;

import dev.vigil.nn.BatchResult;
import dev.vigil.nn.synthetic.ResNet50Shaped;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
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
 * Frames per second through the ResNet-50-shaped model at each batch size, batch 1 being the
 * baseline of the same run. JMH's {@code run} score counts batches; {@code run:frames} counts
 * frames, the figure to compare.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 20)
public class BatchedRunBenchmark {
    private static final int IMAGE = ResNet50Shaped.IMAGE_SIZE;

    @Param({"1", "2", "4", "8"})
    public int batch;

    private BenchmarkModels models;
    private FloatBuffer input;

    /** Frames processed, reported per second next to the batch rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Frames {
        public long frames;

        @Setup(Level.Iteration)
        public void reset() {
            frames = 0;
        }
    }

    @Setup(Level.Trial)
    public void load() {
        models =
                new BenchmarkModels(
                        ResNet50Shaped.build(ResNet50Shaped.DEFAULT_SEED), List.of(batch));
        // Like an ImageNet-normalised photo: mean 0, standard deviation 1, in direct memory as
        // the Wasm host hands it in.
        input =
                ByteBuffer.allocateDirect(batch * 3 * IMAGE * IMAGE * Float.BYTES)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < input.capacity(); i++) {
            input.put(i, (float) (random.nextDouble() * 2 - 1) * 1.73f);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        models.close();
    }

    @Benchmark
    public float run(Frames frames) {
        try (BatchResult result = models.lease().run(input.duplicate(), batch, 3, IMAGE, IMAGE)) {
            frames.frames += batch;
            return result.frame("logits", batch - 1).get(0);
        }
    }
}

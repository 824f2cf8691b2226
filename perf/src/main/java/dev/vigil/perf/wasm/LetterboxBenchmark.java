package dev.vigil.perf.wasm;

import dev.vigil.wasm.kernels.ImageKernels;
import dev.vigil.wasm.kernels.Placement;
import dev.vigil.wasm.kernels.Preprocess;
import dev.vigil.wasm.kernels.RgbImage;
import dev.vigil.wasm.kernels.RowKernels;
import dev.vigil.wasm.kernels.ScalarRowKernel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The host's letterbox kernel into a 640×640 slot, PaddleOCR's normalisation (BGR, ImageNet mean
 * and std):
 *
 * <ul>
 *   <li>{@code copy640}: a 640×640 frame, factor 1 (the copy path), with the row kernel a JVM with
 *       {@code --add-modules jdk.incubator.vector} selects: the vector one;
 *   <li>{@code copy640Scalar}: the same with the scalar row kernel, as a JVM without the flag runs;
 *   <li>{@code shrink1280}: a 1280×960 frame, bilinear to 640×480 plus padding, vector kernel;
 *   <li>{@code shrink1280Scalar}: the same with the scalar row kernel;
 *   <li>{@code copy640Pixels}, {@code shrink1280Pixels}: the same into an 8-bit pixel slot ({@code
 *       letterbox_u8}, NHWC RGB: the model reorders and normalises), at factor 1 row copies;
 *   <li>{@code writeOnly640}: the baseline, the kernel's memory traffic alone: the same 3 × 640
 *       bulk puts of ready {@code float[]} rows into the slot, no pixel read or arithmetic.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m", "--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
public class LetterboxBenchmark {
    private static final int SIDE = 640;
    private static final Preprocess DBNET =
            new Preprocess(
                    1f / 255f,
                    new float[] {0.485f, 0.456f, 0.406f},
                    new float[] {0.229f, 0.224f, 0.225f},
                    0f,
                    true,
                    0f);

    /** For pixel slots only the padding and the resize limit apply. */
    private static final Preprocess PIXELS_RGB =
            new Preprocess(1f, new float[3], new float[] {1, 1, 1}, 0f, false, 0f);

    private RgbImage square;
    private RgbImage large;
    private FloatBuffer slot;
    private ByteBuffer pixelSlot;
    private final float[] row = new float[SIDE];

    @Setup
    public void frames() {
        if (RowKernels.SELECTED == ScalarRowKernel.INSTANCE) {
            throw new IllegalStateException(
                    "copy640 would measure the scalar kernel: fork with --add-modules"
                            + " jdk.incubator.vector");
        }
        square = random(SIDE, SIDE);
        large = random(1280, 960);
        // As DirectMemory.floats hands it out: a native-order view of direct memory.
        slot =
                ByteBuffer.allocateDirect(3 * SIDE * SIDE * Float.BYTES)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
        pixelSlot = ByteBuffer.allocateDirect(3 * SIDE * SIDE);
    }

    private static RgbImage random(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        new SplittableRandom(7).nextBytes(rgb);
        return new RgbImage(width, height, rgb, 0);
    }

    @Benchmark
    public Placement copy640() {
        return ImageKernels.letterbox(square, 0, 0, SIDE, SIDE, slot, SIDE, SIDE, DBNET);
    }

    @Benchmark
    public Placement copy640Scalar() {
        return ImageKernels.letterbox(
                square, 0, 0, SIDE, SIDE, slot, SIDE, SIDE, DBNET, ScalarRowKernel.INSTANCE);
    }

    @Benchmark
    public FloatBuffer writeOnly640() {
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIDE; y++) {
                slot.put((c * SIDE + y) * SIDE, row);
            }
        }
        return slot;
    }

    @Benchmark
    public Placement shrink1280() {
        return ImageKernels.letterbox(large, 0, 0, 1280, 960, slot, SIDE, SIDE, DBNET);
    }

    @Benchmark
    public Placement shrink1280Scalar() {
        return ImageKernels.letterbox(
                large, 0, 0, 1280, 960, slot, SIDE, SIDE, DBNET, ScalarRowKernel.INSTANCE);
    }

    @Benchmark
    public Placement copy640Pixels() {
        return ImageKernels.letterboxPixels(
                square, 0, 0, SIDE, SIDE, pixelSlot, SIDE, SIDE, PIXELS_RGB);
    }

    @Benchmark
    public Placement shrink1280Pixels() {
        return ImageKernels.letterboxPixels(
                large, 0, 0, 1280, 960, pixelSlot, SIDE, SIDE, PIXELS_RGB);
    }
}

package dev.vigil.perf.host;

import dev.vigil.nn.BatchResult;
import dev.vigil.nn.ModelLease;
import dev.vigil.perf.pipeline.BenchEncoding;
import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.GuestFrame;
import dev.vigil.wasm.kernels.FrameDecoder;
import dev.vigil.wasm.kernels.ImageKernels;
import dev.vigil.wasm.kernels.Preprocess;
import dev.vigil.wasm.kernels.RgbImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * Step 2: decoding a camera's JPEG frame, then letterboxing it into the 640x640 tensor the
 * text-detect guest uses, by each candidate, in alternating rounds of one process: (a) the decoder
 * before issue 20, (b) {@link FrameDecoder} as it is, (c) ImageIO at a reduced scale where the
 * frame is at least twice the tensor. Time and the calling thread's allocation per frame; for (c),
 * how far its tensor and the detector's output are from (b)'s.
 */
final class DecodeCost {
    static final int TENSOR = 640;

    /** The guest SDK's {@code Norm::UNIT}, as the harness's HostKernels. */
    private static final Preprocess UNIT =
            new Preprocess(1f / 255f, new float[3], new float[] {1f, 1f, 1f}, 0f, false, 1f);

    private final int rounds;
    private final int framesPerRound;

    DecodeCost(int rounds, int framesPerRound) {
        this.rounds = rounds;
        this.framesPerRound = framesPerRound;
    }

    void measure(int width, int height, ModelLease detector) {
        List<byte[]> jpegs = new ArrayList<>();
        for (int seed = 0; seed < 4; seed++) {
            jpegs.add(BenchEncoding.JPEG.encode(SceneFrames.scene(width, height, seed)));
        }
        FrameDecoder decoder = new FrameDecoder(100_000_000L);
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        int factor = subsampling(width, height);
        int subWidth = (width + factor - 1) / factor;
        int subHeight = (height + factor - 1) / factor;
        int finalFactor = factor;
        Map<String, Function<byte[], RgbImage>> candidates = new LinkedHashMap<>();
        candidates.put("a:before", p -> new RgbImage(width, height, ImageIoBaseline.before(p), 0));
        candidates.put("b:FrameDecoder", p -> decoder.decode(frame(p, width, height)));
        if (factor > 1) {
            candidates.put(
                    "c:subsampled/" + factor,
                    p ->
                            new RgbImage(
                                    subWidth,
                                    subHeight,
                                    ImageIoBaseline.subsampled(reader, p, finalFactor),
                                    0));
        }
        FloatBuffer slot =
                ByteBuffer.allocateDirect(3 * TENSOR * TENSOR * Float.BYTES)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
        for (int i = 0; i < 20; i++) { // warm-up, JIT included
            for (var candidate : candidates.values()) {
                letterbox(candidate.apply(jpegs.get(i % jpegs.size())), slot);
            }
        }
        Map<String, long[]> totals = new LinkedHashMap<>(); // decode ns, letterbox ns, bytes
        candidates.keySet().forEach(name -> totals.put(name, new long[3]));
        for (int round = 0; round < rounds; round++) {
            for (var candidate : candidates.entrySet()) {
                long[] total = totals.get(candidate.getKey());
                for (int i = 0; i < framesPerRound; i++) {
                    byte[] jpeg = jpegs.get(i % jpegs.size());
                    long bytes = CpuClock.threadAllocatedBytes();
                    long start = System.nanoTime();
                    RgbImage image = candidate.getValue().apply(jpeg);
                    long decoded = System.nanoTime();
                    letterbox(image, slot);
                    total[0] += decoded - start;
                    total[1] += System.nanoTime() - decoded;
                    total[2] += CpuClock.threadAllocatedBytes() - bytes;
                }
            }
        }
        int n = rounds * framesPerRound;
        System.out.printf(
                "decode %dx%d JPEG q%.2f, %d bytes average, %d frames per candidate,"
                        + " ImageIO.getUseCache()=%b%n",
                width,
                height,
                BenchEncoding.JPEG_QUALITY,
                jpegs.stream().mapToInt(j -> j.length).sum() / jpegs.size(),
                n,
                ImageIO.getUseCache());
        for (var total : totals.entrySet()) {
            long[] t = total.getValue();
            System.out.printf(
                    "decode %dx%d %-18s decode_ms=%6.3f  letterbox_ms=%6.3f  total_ms=%6.3f "
                            + " allocated_kb=%8.1f%n",
                    width,
                    height,
                    total.getKey(),
                    t[0] / 1e6 / n,
                    t[1] / 1e6 / n,
                    (t[0] + t[1]) / 1e6 / n,
                    t[2] / 1024.0 / n);
        }
        if (factor > 1) {
            compare(
                    candidates.get("b:FrameDecoder").apply(jpegs.get(0)),
                    candidates.get("c:subsampled/" + factor).apply(jpegs.get(0)),
                    detector,
                    width,
                    height);
        }
        reader.dispose();
    }

    /** The largest whole factor that keeps the decoded frame at least as large as its letterbox. */
    static int subsampling(int width, int height) {
        double scale = Math.min(1.0, Math.min((double) TENSOR / width, (double) TENSOR / height));
        return Math.max(1, (int) Math.floor(1 / scale));
    }

    /** (b) against (c): the tensors' pixels, then the detector's heatmaps on them. */
    private static void compare(
            RgbImage full, RgbImage reduced, ModelLease detector, int width, int height) {
        FloatBuffer batch =
                ByteBuffer.allocateDirect(2 * 3 * TENSOR * TENSOR * Float.BYTES)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
        letterbox(full, batch.slice(0, 3 * TENSOR * TENSOR));
        letterbox(reduced, batch.slice(3 * TENSOR * TENSOR, 3 * TENSOR * TENSOR));
        double sum = 0;
        double max = 0;
        for (int i = 0; i < 3 * TENSOR * TENSOR; i++) {
            double d = Math.abs(batch.get(i) - batch.get(3 * TENSOR * TENSOR + i)) * 255;
            sum += d;
            max = Math.max(max, d);
        }
        System.out.printf(
                "decode %dx%d c vs b: tensor |diff| mean=%.2f max=%.0f (of 255)%n",
                width, height, sum / (3 * TENSOR * TENSOR), max);
        try (BatchResult result = detector.run(batch.duplicate(), 2, 3, TENSOR, TENSOR)) {
            FloatBuffer a = result.frame("heatmap", 0);
            FloatBuffer b = result.frame("heatmap", 1);
            double maxDiff = 0;
            int flipped = 0;
            int hot = 0;
            for (int i = 0; i < a.remaining(); i++) {
                maxDiff = Math.max(maxDiff, Math.abs(a.get(i) - b.get(i)));
                boolean hotA = a.get(i) > 0.5f;
                hot += hotA ? 1 : 0;
                flipped += hotA != (b.get(i) > 0.5f) ? 1 : 0;
            }
            System.out.printf(
                    "decode %dx%d c vs b: detector heatmap max|diff|=%.4f, cells over 0.5 that"
                            + " flip: %d of %d hot (%d cells)%n",
                    width, height, maxDiff, flipped, hot, a.remaining());
        }
    }

    private static void letterbox(RgbImage image, FloatBuffer slot) {
        ImageKernels.letterbox(
                image, 0, 0, image.width(), image.height(), slot, TENSOR, TENSOR, UNIT);
    }

    private static GuestFrame frame(byte[] payload, int width, int height) {
        return GuestFrame.of("bench", 0, FrameEncoding.JPEG, width, height, payload);
    }
}

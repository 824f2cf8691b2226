package dev.vigil.perf.pipeline;

import dev.vigil.job.inference.DetectionRecords;
import dev.vigil.job.inference.FrameFailure;
import dev.vigil.job.inference.FrameInference;
import dev.vigil.job.inference.FrameOutcome;
import dev.vigil.job.inference.GuestFrames;
import dev.vigil.nn.ModelLease;
import dev.vigil.schemas.Frame;
import dev.vigil.wasm.CallTimings;
import dev.vigil.wasm.GuestBox;
import dev.vigil.wasm.kernels.FrameRejectedException;
import dev.vigil.wasm.kernels.Placement;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bundled {@code deterministic-detect} guest done in plain Java, the baseline that prices the
 * sandbox: the same letterbox (the host's own kernel, decoding included), the same tensor size (the
 * batch's largest frame, shrunk to fit 640, rounded up to the 8-pixel cell), the same model run
 * into a direct output buffer, the same 4-connected regions above 0.5 and the same boxes, and the
 * same {@link DetectionRecords}. {@code JavaFrameInferenceTest} checks its records against the
 * guest's.
 */
final class JavaFrameInference implements FrameInference {
    static final String NAME = "java-deterministic-detect";
    static final String VERSION = "1.0.0";
    private static final int CELL = 8;
    private static final int MAX_SIDE = 640;
    private static final float THRESHOLD = 0.5f;

    private final ModelLease model;
    private final String output;
    private final HostKernels kernels;
    private final DetectionRecords records;
    private final RegionFinder regions = new RegionFinder();
    private FloatBuffer input = direct(0);
    private FloatBuffer heatmap = direct(0);

    /** Takes over {@code model}: closing this releases it. */
    JavaFrameInference(ModelLease model, HostKernels kernels) {
        this.model = model;
        this.output = model.descriptor().outputs().get(0).name();
        this.kernels = kernels;
        this.records = new DetectionRecords(model.descriptor(), NAME, VERSION);
    }

    @Override
    public List<FrameOutcome> infer(List<Frame> frames) {
        long start = System.nanoTime();
        FrameOutcome[] outcomes = new FrameOutcome[frames.size()];
        List<Integer> sent = new ArrayList<>(frames.size());
        int maxWidth = 0;
        int maxHeight = 0;
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            FrameFailure invalid = DetectionRecords.invalid(frame);
            if (invalid != null) {
                outcomes[i] = FrameOutcome.failed(invalid);
            } else {
                sent.add(i);
                maxWidth = Math.max(maxWidth, frame.getWidth());
                maxHeight = Math.max(maxHeight, frame.getHeight());
            }
        }
        if (sent.isEmpty()) {
            return List.of(outcomes);
        }
        int longest = Math.max(maxWidth, maxHeight);
        int width = cells(longest > MAX_SIDE ? maxWidth * MAX_SIDE / longest : maxWidth);
        int height = cells(longest > MAX_SIDE ? maxHeight * MAX_SIDE / longest : maxHeight);
        int perFrame = 3 * width * height;
        int n = sent.size();
        input = atLeast(input, n * perFrame);
        Placement[] placed = new Placement[n];
        for (int j = 0; j < n; j++) {
            Frame frame = frames.get(sent.get(j));
            FloatBuffer slot = input.slice(j * perFrame, perFrame);
            try {
                placed[j] = kernels.letterbox(GuestFrames.of(frame), slot, width, height);
            } catch (FrameRejectedException e) {
                outcomes[sent.get(j)] = records.rejected(frame, e.rejection());
                for (int k = 0; k < perFrame; k++) {
                    slot.put(k, 0f);
                }
            }
        }
        long modelStart = System.nanoTime();
        int cols = width / CELL;
        int rows = height / CELL;
        heatmap = atLeast(heatmap, n * cols * rows);
        model.runInto(
                null,
                input.slice(0, n * perFrame),
                new long[] {n, 3, height, width},
                Map.of(output, heatmap.duplicate()));
        long modelEnd = System.nanoTime();
        List<List<GuestBox>> found = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            found.add(
                    placed[j] == null
                            ? List.of()
                            : boxes(frames.get(sent.get(j)), placed[j], j, cols, rows));
        }
        CallTimings timings =
                new CallTimings(
                        micros(modelStart - start),
                        micros(modelEnd - modelStart),
                        micros(System.nanoTime() - modelEnd));
        for (int j = 0; j < n; j++) {
            if (placed[j] != null) {
                int i = sent.get(j);
                outcomes[i] = records.detected(frames.get(i), found.get(j), timings);
            }
        }
        return List.of(outcomes);
    }

    /** Frame {@code j}'s regions as boxes in frame pixels, clamped to the frame. */
    private List<GuestBox> boxes(Frame frame, Placement at, int j, int cols, int rows) {
        FloatBuffer map = heatmap.duplicate().position(j * cols * rows);
        List<GuestBox> boxes = new ArrayList<>();
        float w = frame.getWidth();
        float h = frame.getHeight();
        for (RegionFinder.Region r : regions.find(map, cols, rows, THRESHOLD)) {
            boxes.add(
                    new GuestBox(
                            0,
                            r.maxScore(),
                            clamp(at.frameX(r.col0() * (float) CELL), w),
                            clamp(at.frameY(r.row0() * (float) CELL), h),
                            clamp(at.frameX((r.col1() + 1) * (float) CELL), w),
                            clamp(at.frameY((r.row1() + 1) * (float) CELL), h)));
        }
        return boxes;
    }

    /** Rounded up to whole cells, at least one. */
    private static int cells(int side) {
        return (Math.max(side, 1) + CELL - 1) / CELL * CELL;
    }

    private static float clamp(float v, float max) {
        return Math.min(Math.max(v, 0f), max);
    }

    private static long micros(long nanos) {
        return TimeUnit.NANOSECONDS.toMicros(nanos);
    }

    private static FloatBuffer atLeast(FloatBuffer buffer, int floats) {
        return buffer.capacity() >= floats
                ? buffer
                : direct(Math.max(floats, buffer.capacity() * 2));
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    @Override
    public String provider() {
        return model.provider().name();
    }

    @Override
    public void close() {
        model.close();
    }
}

package dev.vigil.perf.pipeline;

import static dev.vigil.nn.synthetic.DeterministicDetector.CELL;

import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelLease;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.NnSettings;
import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.GuestFrame;
import dev.vigil.wasm.WasmSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.Map;

/**
 * The ceiling: the same model run on batches of the same frames in a loop, with nothing else: no
 * Kafka, no Flink, no Wasm. The frames are letterboxed once, up front, by the host's kernel; input
 * and output live in direct memory as in the pipeline, so ONNX Runtime copies neither.
 */
final class BareOrt {
    private BareOrt() {}

    /** What one measurement found: frames per second, and where the model ran. */
    record Result(int batch, double framesPerSecond, String provider) {}

    static Result measure(
            NnSettings nn, String model, BenchFrames frames, int batch, Duration time) {
        int side = frames.side();
        int perFrame = 3 * side * side;
        FloatBuffer input = direct(batch * perFrame);
        HostKernels kernels = new HostKernels(WasmSettings.defaults().maxFramePixels());
        for (int i = 0; i < batch; i++) {
            int camera = i % frames.cameras();
            long seq = i / frames.cameras() + 1;
            GuestFrame frame =
                    GuestFrame.of(
                            BenchFrames.camera(camera),
                            seq,
                            FrameEncoding.RAW_RGB8,
                            side,
                            side,
                            frames.payload(camera, seq));
            kernels.letterbox(frame, input.slice(i * perFrame, perFrame), side, side);
        }
        long[] shape = {batch, 3, side, side};
        try (ModelHost host = new ModelHost(nn);
                ModelLease lease = host.lease(ModelRef.parse(model), 0)) {
            String output = lease.descriptor().outputs().get(0).name();
            Map<String, FloatBuffer> outputs =
                    Map.of(output, direct(batch * (side / CELL) * (side / CELL)));
            double ms =
                    CallCost.msPerFrame(
                            () -> lease.runInto(null, input.duplicate(), shape, outputs),
                            batch,
                            time);
            return new Result(batch, 1000 / ms, lease.provider().name());
        }
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }
}

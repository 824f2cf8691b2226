package dev.vigil.perf.pipeline;

import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelLease;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.NnSettings;
import dev.vigil.wasm.WasmSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.Map;

/**
 * The ceiling: the workload's model run on batches of the same frames in a loop, with nothing else:
 * no Kafka, no Flink, no Wasm. The frames are letterboxed once, up front, by the host's kernel, to
 * the tensor the guest sends (8-bit pixels for a pixel form); input and output live in direct
 * memory as in the pipeline, so ONNX Runtime copies neither. Besides frames per second it measures
 * this process's CPU time per frame over the loop: the model's own run, which the host's cost per
 * frame is counted without.
 */
final class BareOrt {
    private BareOrt() {}

    /**
     * What one measurement found.
     *
     * @param cpuMsPerFrame this JVM's CPU time (every thread, ONNX Runtime's pool included) per
     *     frame over the measured loop
     */
    record Result(
            BenchModel model,
            int batch,
            double framesPerSecond,
            double cpuMsPerFrame,
            String provider) {}

    static Result measure(
            NnSettings nn, BenchModel model, BenchFrames frames, int batch, Duration time) {
        int[] tensor = model.tensor(frames.width(), frames.height());
        int perFrame = 3 * tensor[0] * tensor[1];
        FloatBuffer input = direct(batch * perFrame);
        HostKernels kernels = new HostKernels(WasmSettings.defaults().maxFramePixels());
        for (int i = 0; i < batch; i++) {
            kernels.letterbox(
                    frames.guestFrame(i),
                    input.slice(i * perFrame, perFrame),
                    tensor[0],
                    tensor[1]);
        }
        try (ModelHost host = new ModelHost(nn);
                ModelLease lease = host.lease(ModelRef.parse(model.detector()), 0)) {
            String output = lease.descriptor().outputs().get(0).name();
            Map<String, FloatBuffer> outputs =
                    Map.of(output, direct(batch * model.outputFloats(tensor)));
            Runnable call;
            if (model.pixels) {
                ByteBuffer pixels = pixels(input, batch, tensor);
                long[] shape = {batch, tensor[1], tensor[0], 3};
                call = () -> lease.runInto(null, pixels.duplicate(), shape, outputs);
            } else {
                long[] shape = {batch, 3, tensor[1], tensor[0]};
                call = () -> lease.runInto(null, input.duplicate(), shape, outputs);
            }
            CallCost.Measured run = CallCost.measure(call, batch, time);
            return new Result(
                    model,
                    batch,
                    1000 / run.msPerFrame(),
                    run.cpuMsPerFrame(),
                    lease.provider().name());
        }
    }

    /** The NCHW floats in 0..1 as 8-bit NHWC pixels: what a pixel form takes. */
    private static ByteBuffer pixels(FloatBuffer nchw, int batch, int[] tensor) {
        int plane = tensor[0] * tensor[1];
        ByteBuffer out = ByteBuffer.allocateDirect(batch * plane * 3);
        for (int n = 0; n < batch; n++) {
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    float v = nchw.get(n * 3 * plane + c * plane + p);
                    out.put((n * plane + p) * 3 + c, (byte) Math.round(v * 255));
                }
            }
        }
        return out;
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }
}

package dev.vigil.perf.pipeline;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.GuestFrame;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.GuestPool;
import dev.vigil.wasm.WasmSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The accelerator's part of the harness, for a lent GPU machine ({@code perf/gpu/bench-gpu}): at
 * each batch size of {@code --batch-sweep}, bare ONNX Runtime and the guest's whole call on the
 * same frames, on {@code --providers} (e.g. {@code CUDA,CPU}). No Kafka and no Flink: their jars do
 * not fit what one call may carry to such a machine, and their cost is on the CPU, measured by
 * {@link PipelineBench}. Prints a table and {@code device: provider=.. bare_fps=.. guest_fps=..}
 * for the headline batch.
 */
public final class DeviceSweep {
    private DeviceSweep() {}

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        BenchFrames frames = new BenchFrames(settings.cameras(), settings.frameSide());
        Path repository = Files.createTempDirectory("vigil-device-models");
        DeterministicDetector.build().importInto(new ModelRepository(repository), "1");
        ModelRef model = ModelRef.parse(BenchStack.MODEL);
        ResultTable table =
                new ResultTable(
                        "maxBatch",
                        "provider",
                        "bare frames/s",
                        "guest call frames/s",
                        "guest overhead ms/frame");
        String headline = "";
        for (int batch : settings.batchSizes()) {
            NnSettings nn =
                    NnSettings.builder()
                            .repository(repository)
                            .providers(
                                    settings.providers().stream()
                                            .map(ExecutionProvider::valueOf)
                                            .toList())
                            .warmupBatchSizes(List.of(batch))
                            .build();
            BareOrt.Result bare =
                    BareOrt.measure(nn, BenchStack.MODEL, frames, batch, settings.bareTime());
            WasmSettings wasm =
                    WasmSettings.builder().allowModel("detector", model).poolSize(1).build();
            List<GuestFrame> guestFrames = guestFrames(frames, batch);
            double guestMs;
            try (ModelHost host = new ModelHost(nn);
                    GuestPool pool =
                            GuestPool.start(
                                    GuestModule.bundled("deterministic-detect", wasm),
                                    wasm,
                                    host)) {
                guestMs =
                        CallCost.msPerFrame(
                                () -> pool.run(guestFrames), batch, settings.bareTime());
            }
            table.row(
                    batch,
                    bare.provider(),
                    bare.framesPerSecond(),
                    1000 / guestMs,
                    guestMs - 1000 / bare.framesPerSecond());
            if (batch == settings.maxBatch()) {
                headline =
                        String.format(
                                Locale.ROOT,
                                "device: provider=%s batch=%d bare_fps=%.0f guest_fps=%.0f",
                                bare.provider(),
                                batch,
                                bare.framesPerSecond(),
                                1000 / guestMs);
            }
        }
        System.out.print(table.text());
        System.out.println(headline);
    }

    private static List<GuestFrame> guestFrames(BenchFrames frames, int batch) {
        List<GuestFrame> list = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            int camera = i % frames.cameras();
            long seq = i / frames.cameras() + 1;
            list.add(
                    GuestFrame.of(
                            BenchFrames.camera(camera),
                            seq,
                            FrameEncoding.RAW_RGB8,
                            frames.side(),
                            frames.side(),
                            frames.payload(camera, seq)));
        }
        return list;
    }
}

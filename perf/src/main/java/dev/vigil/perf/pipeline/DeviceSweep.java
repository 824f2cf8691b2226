package dev.vigil.perf.pipeline;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelLease;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.wasm.GuestFrame;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.GuestPool;
import dev.vigil.wasm.WasmSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The accelerator's part of the harness, for a lent GPU machine ({@code perf/gpu/bench-gpu}): for
 * each workload of {@code --models} (e.g. the PaddleOCR detector in float and pixel form, and the
 * plate reader) at each batch size of {@code --batch-sweep}, bare ONNX Runtime and the guest's
 * whole call on the same rendered frames, on {@code --providers} (e.g. {@code CUDA,CPU}). No Kafka
 * and no Flink: their jars do not fit what one call may carry to such a machine, and their cost is
 * on the CPU, measured by {@link PipelineBench}. Prints a table and one {@code device: model=..
 * provider=.. bare_fps=.. guest_fps=..} line per workload at the headline batch.
 */
public final class DeviceSweep {
    private DeviceSweep() {}

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.parse(args);
        BenchFrames frames = BenchFrames.of(settings);
        ResultTable table =
                new ResultTable(
                        "model",
                        "maxBatch",
                        "provider",
                        "bare frames/s",
                        "guest call frames/s",
                        "guest overhead ms/frame");
        List<String> headlines = new ArrayList<>();
        for (BenchModel model : settings.models()) {
            Path repository = Files.createTempDirectory("vigil-device-" + model.option);
            model.importInto(new ModelRepository(repository));
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
                        model.hasBare()
                                ? BareOrt.measure(nn, model, frames, batch, settings.bareTime())
                                : null;
                WasmSettings.Builder wasmBuilder = WasmSettings.builder().poolSize(1);
                for (Map.Entry<String, String> binding : model.bindings.entrySet()) {
                    wasmBuilder.allowModel(binding.getKey(), ModelRef.parse(binding.getValue()));
                }
                WasmSettings wasm = wasmBuilder.build();
                List<GuestFrame> guestFrames = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    guestFrames.add(frames.guestFrame(i));
                }
                double guestMs;
                String provider;
                try (ModelHost host = new ModelHost(nn);
                        GuestPool pool =
                                GuestPool.start(
                                        GuestModule.bundled(model.guest, wasm), wasm, host)) {
                    guestMs =
                            CallCost.msPerFrame(
                                    () -> pool.run(guestFrames), batch, settings.bareTime());
                    try (ModelLease lease = host.lease(ModelRef.parse(model.detector()), 0)) {
                        provider = lease.provider().name();
                    }
                }
                double bareFps = bare == null ? Double.NaN : bare.framesPerSecond();
                table.row(
                        model.option,
                        batch,
                        provider,
                        bareFps,
                        1000 / guestMs,
                        bare == null ? Double.NaN : guestMs - 1000 / bareFps);
                if (batch == settings.maxBatch()) {
                    headlines.add(
                            String.format(
                                    Locale.ROOT,
                                    "device: model=%s provider=%s batch=%d bare_fps=%.0f"
                                            + " guest_fps=%.0f",
                                    model.option,
                                    provider,
                                    batch,
                                    bareFps,
                                    1000 / guestMs));
                }
            }
        }
        System.out.print(table.text());
        headlines.forEach(System.out::println);
    }
}

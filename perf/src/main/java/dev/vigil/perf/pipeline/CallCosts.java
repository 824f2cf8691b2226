package dev.vigil.perf.pipeline;

import dev.vigil.job.WasmInferenceFactory;
import dev.vigil.job.inference.FrameInference;
import dev.vigil.schemas.Frame;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * The inference call alone at the headline batch size, on the same frames, nothing else running:
 * the bare model run, the guest's call and the plain-Java call, each in ms per frame. The guest's
 * overhead per frame is its call less the bare model run; the sandbox's price is its call less the
 * Java one.
 */
record CallCosts(int batch, double bareMs, double wasmMs, double javaMs) {
    static CallCosts measure(
            BenchSettings settings, Configuration options, BenchFrames frames, BareOrt.Result bare)
            throws Exception {
        List<Frame> batch = new ArrayList<>();
        for (int i = 0; i < settings.maxBatch(); i++) {
            batch.add(frames.frame(i));
        }
        try (FrameInference wasm = new WasmInferenceFactory(options).create(0, List.of());
                FrameInference java = new JavaInferenceFactory(options).create(0, List.of())) {
            return new CallCosts(
                    batch.size(),
                    1000 / bare.framesPerSecond(),
                    CallCost.msPerFrame(() -> wasm.infer(batch), batch.size(), settings.bareTime()),
                    CallCost.msPerFrame(
                            () -> java.infer(batch), batch.size(), settings.bareTime()));
        }
    }

    double guestOverheadMs() {
        return wasmMs - bareMs;
    }

    double javaOverheadMs() {
        return javaMs - bareMs;
    }
}

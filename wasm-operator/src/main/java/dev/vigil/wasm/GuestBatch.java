package dev.vigil.wasm;

import java.util.List;

/** What one call made of a batch: a result per frame, in order, and where the time went. */
public record GuestBatch(List<FrameResult> results, CallTimings timings) {
    public GuestBatch {
        results = List.copyOf(results);
    }
}

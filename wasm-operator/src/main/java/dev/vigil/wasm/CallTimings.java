package dev.vigil.wasm;

/**
 * Where one guest call's time went, from the host's side of the calls the guest makes: everything
 * before its first model run ({@code pre}: decoding, letterboxing, the guest's own set-up), its
 * model runs ({@code infer}), and everything after the last one ({@code post}: reading outputs,
 * regions, boxes). A call without a model run is all {@code pre}.
 */
public record CallTimings(long preMicros, long inferMicros, long postMicros) {}

package dev.vigil.wasm.internal;

import dev.vigil.wasm.WasmSettings;
import dev.vigil.wasm.kernels.FrameDecoder;

/**
 * The host side of one guest instance: its memory, the models it may reach and the state of the
 * call in progress. Host functions of this instance work on it; one thread at a time.
 */
public final class GuestSession {
    final String guest;
    final WasmSettings settings;
    final ModelBindings models;
    final FrameDecoder decoder;
    DirectMemory memory;
    private CallState call;

    GuestSession(String guest, WasmSettings settings, ModelBindings models) {
        this.guest = guest;
        this.settings = settings;
        this.models = models;
        this.decoder = new FrameDecoder(settings.maxFramePixels());
    }

    CallState call() {
        if (call == null) {
            throw new IllegalStateException("host function called outside a batch call");
        }
        return call;
    }

    void begin(CallState state) {
        this.call = state;
    }

    void end() {
        this.call = null;
    }
}

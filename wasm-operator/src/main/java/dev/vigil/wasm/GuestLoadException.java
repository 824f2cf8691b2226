package dev.vigil.wasm;

import java.util.List;

/**
 * The module is not valid WebAssembly, lacks the exports of the guest ABI, or cannot be
 * instantiated.
 */
public class GuestLoadException extends GuestDeploymentException {
    private static final long serialVersionUID = 1L;

    public GuestLoadException(String guest, List<FrameId> frames, String message, Throwable cause) {
        super(guest, frames, message, cause);
    }

    public GuestLoadException(String guest, String message) {
        super(guest, List.of(), message, null);
    }
}

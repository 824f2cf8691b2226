package dev.vigil.wasm.kernels;

import dev.vigil.wasm.AbiStatus;

/**
 * A frame the host kernels cannot use (undecodable, wrong size, an encoding the guest does not
 * take). It fails that frame only: the guest is told {@link AbiStatus#BAD_FRAME} and carries on.
 */
public final class FrameRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FrameRejectedException(String message, Throwable cause) {
        super(message, cause);
    }

    public FrameRejectedException(String message) {
        super(message);
    }
}

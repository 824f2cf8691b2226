package dev.vigil.wasm.kernels;

import dev.vigil.wasm.AbiStatus;
import dev.vigil.wasm.FrameRejection;

/**
 * A frame the host kernels cannot use (undecodable, wrong size, an encoding the guest does not
 * take). It fails that frame only: the guest is told {@link AbiStatus#BAD_FRAME} and carries on.
 */
public final class FrameRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final FrameRejection.Reason reason;

    public FrameRejectedException(FrameRejection.Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public FrameRejectedException(FrameRejection.Reason reason, String message) {
        this(reason, message, null);
    }

    public FrameRejection.Reason reason() {
        return reason;
    }

    public FrameRejection rejection() {
        return new FrameRejection(reason, getMessage());
    }
}

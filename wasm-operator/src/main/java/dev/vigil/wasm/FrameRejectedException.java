package dev.vigil.wasm;

/**
 * A frame the host kernels cannot use (undecodable, wrong size, an encoding the guest does not
 * take). It fails that frame only: the guest is told {@link AbiStatus#BAD_FRAME} and carries on.
 */
final class FrameRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FrameRejectedException(String message, Throwable cause) {
        super(message, cause);
    }

    FrameRejectedException(String message) {
        super(message);
    }
}

package dev.vigil.wasm;

import java.util.List;

/**
 * The host failed under a guest call: a model run failed in ONNX Runtime (a lost device, device
 * memory exhausted), or a model's session was closed. Neither the guest nor its frames caused it,
 * so the frames must not be dead-lettered: the caller fails and retries from its last checkpoint.
 * The model's exception is the cause; the call was abandoned at that host call and the instance
 * discarded.
 */
public class GuestHostFaultException extends GuestException {
    private static final long serialVersionUID = 1L;

    public GuestHostFaultException(
            String guest, List<FrameId> frames, String message, Throwable cause) {
        super(guest, frames, message, cause);
    }
}

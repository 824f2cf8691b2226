package dev.vigil.wasm;

import java.util.List;

/** The guest trapped during a call (unreachable, out-of-bounds access, stack exhaustion...). */
public class GuestTrapException extends GuestCallException {
    private static final long serialVersionUID = 1L;

    public GuestTrapException(String guest, List<FrameId> frames, String message, Throwable cause) {
        super(guest, frames, message, cause);
    }

    @Override
    public String reasonCode() {
        return "GUEST_TRAP";
    }
}

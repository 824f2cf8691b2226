package dev.vigil.wasm;

import java.util.List;

/** The guest needed more linear memory than its limit allows. */
public class GuestMemoryException extends GuestCallException {
    private static final long serialVersionUID = 1L;

    public GuestMemoryException(
            String guest, List<FrameId> frames, String message, Throwable cause) {
        super(guest, frames, message, cause);
    }

    @Override
    public String reasonCode() {
        return "GUEST_MEMORY";
    }
}

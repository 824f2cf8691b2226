package dev.vigil.wasm;

import java.util.List;

/** The guest needed more linear memory than its limit allows. */
public class GuestMemoryException extends GuestException {
    private static final long serialVersionUID = 1L;

    public GuestMemoryException(
            String guest, List<FrameId> frames, String message, Throwable cause) {
        super(guest, frames, message, cause);
    }

    public GuestMemoryException(String guest, String message) {
        super(guest, List.of(), message, null);
    }
}

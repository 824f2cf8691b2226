package dev.vigil.wasm;

import java.util.List;

/** A call ran past the deadline and was interrupted. */
public class GuestDeadlineException extends GuestException {
    private static final long serialVersionUID = 1L;

    public GuestDeadlineException(
            String guest, List<FrameId> frames, String message, Throwable cause) {
        super(guest, frames, message, cause);
    }

    public GuestDeadlineException(String guest, String message) {
        super(guest, List.of(), message, null);
    }
}

package dev.vigil.wasm;

import java.util.List;

/** A call ran past the deadline and was interrupted. */
public class GuestDeadlineException extends GuestCallException {
    private static final long serialVersionUID = 1L;

    public GuestDeadlineException(
            String guest, List<FrameId> frames, String message, Throwable cause) {
        super(guest, frames, message, cause);
    }

    @Override
    public String reasonCode() {
        return "GUEST_DEADLINE";
    }
}

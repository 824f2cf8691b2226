package dev.vigil.wasm;

import java.util.List;

/** The guest returned a non-zero status from a call: it gave up on the batch itself. */
public class GuestErrorException extends GuestCallException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public GuestErrorException(String guest, List<FrameId> frames, int status, String message) {
        super(guest, frames, message, null);
        this.status = status;
    }

    /** The guest's status code; see {@link AbiStatus}. */
    public int status() {
        return status;
    }

    @Override
    public String reasonCode() {
        return "GUEST_ERROR";
    }
}

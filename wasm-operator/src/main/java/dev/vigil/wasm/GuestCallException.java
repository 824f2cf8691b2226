package dev.vigil.wasm;

import java.util.List;

/**
 * A call failed because of what the guest did with its batch: it trapped, ran past its deadline,
 * ran out of memory, or gave up with an error status. The batch's frames carry the fault (one of
 * them, likely): run them alone and dead-letter the culprit under {@link #reasonCode()}.
 */
public abstract class GuestCallException extends GuestException {
    private static final long serialVersionUID = 1L;

    protected GuestCallException(
            String guest, List<FrameId> frames, String message, Throwable cause) {
        super(guest, frames, message, cause);
    }

    /** The dead-letter reason code of the batch's frames, e.g. {@code GUEST_TRAP}. */
    public abstract String reasonCode();
}

package dev.vigil.wasm;

import java.util.List;

/** The module imports something the host does not offer; names every such import. */
public class GuestLinkException extends GuestDeploymentException {
    private static final long serialVersionUID = 1L;

    public GuestLinkException(String guest, List<FrameId> frames, String message, Throwable cause) {
        super(guest, frames, message, cause);
    }

    public GuestLinkException(String guest, String message) {
        super(guest, List.of(), message, null);
    }
}

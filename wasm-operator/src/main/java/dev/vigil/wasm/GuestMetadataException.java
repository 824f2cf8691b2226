package dev.vigil.wasm;

import java.util.List;

/**
 * The metadata custom section is missing, unreadable, or does not fit this host or deployment (ABI
 * version, models, input contract).
 */
public class GuestMetadataException extends GuestDeploymentException {
    private static final long serialVersionUID = 1L;

    public GuestMetadataException(
            String guest, List<FrameId> frames, String message, Throwable cause) {
        super(guest, frames, message, cause);
    }

    public GuestMetadataException(String guest, String message) {
        super(guest, List.of(), message, null);
    }
}

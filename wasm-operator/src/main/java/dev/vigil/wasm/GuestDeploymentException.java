package dev.vigil.wasm;

import java.util.List;

/**
 * The guest cannot run in this deployment at all: it does not load, its metadata does not fit, it
 * does not link, or its signature is missing or untrusted. Nothing about a frame causes it, so it
 * fails the same way on every attempt: refuse the deployment once, never retry it.
 */
public class GuestDeploymentException extends GuestException {
    private static final long serialVersionUID = 1L;

    public GuestDeploymentException(
            String guest, List<FrameId> frames, String message, Throwable cause) {
        super(guest, frames, message, cause);
    }
}

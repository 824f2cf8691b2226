package dev.vigil.wasm;

import java.util.List;

/**
 * The root of every failure of a guest, unchecked, with one subclass per phase: {@link
 * GuestLoadException}, {@link GuestMetadataException} and {@link GuestLinkException} before any
 * frame runs; {@link GuestTrapException}, {@link GuestDeadlineException}, {@link
 * GuestMemoryException} and {@link GuestErrorException} during a call. A call's failure carries the
 * identities of the frames it held, so that they can be dead-lettered; the instance that failed has
 * already been discarded.
 */
public class GuestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String guest;
    private final List<FrameId> frames;

    public GuestException(String guest, List<FrameId> frames, String message, Throwable cause) {
        super(message, cause);
        this.guest = guest;
        this.frames = List.copyOf(frames);
    }

    /** The guest's name and version, or its file when it has no readable metadata. */
    public String guest() {
        return guest;
    }

    /** The frames of the failed call; empty for failures before any call. */
    public List<FrameId> frames() {
        return frames;
    }
}

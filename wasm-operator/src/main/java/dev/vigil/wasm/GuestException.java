package dev.vigil.wasm;

import java.util.List;

/**
 * The root of every failure of a guest, unchecked, in three kinds by whose fault it is:
 *
 * <ul>
 *   <li>{@link GuestDeploymentException}, before any frame runs: {@link GuestLoadException} (not
 *       Wasm, no ABI exports, too much initial memory, not instantiable), {@link
 *       GuestSignatureException}, {@link GuestMetadataException} and {@link GuestLinkException}.
 *       The same on every attempt: fail the deployment once.
 *   <li>{@link GuestCallException}, the batch's: {@link GuestTrapException}, {@link
 *       GuestDeadlineException}, {@link GuestMemoryException} and {@link GuestErrorException}, each
 *       with its dead-letter reason code. (A frame the host kernels reject fails only that frame,
 *       in the call's results, as a {@link FrameRejection} with its reason.)
 *   <li>{@link GuestHostFaultException}: the host (a model, a device) failed under the call; not
 *       the frames' fault, so never dead-lettered.
 * </ul>
 *
 * A call's failure carries the identities of the frames it held; the instance that failed has
 * already been discarded (an error status of the guest's own leaves it in service).
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

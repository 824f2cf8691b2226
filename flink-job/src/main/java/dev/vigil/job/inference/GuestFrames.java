package dev.vigil.job.inference;

import dev.vigil.schemas.Frame;
import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.FrameId;
import dev.vigil.wasm.GuestFrame;

/**
 * The one mapping from a frame record to what the Wasm host's kernels take: its id, its encoding in
 * the guest ABI's terms, size and payload as they are. The job's guests and the load harness's
 * plain-Java baseline both use it, so they see the same frames.
 */
public final class GuestFrames {
    private GuestFrames() {}

    /**
     * A frame fit for inference as the host takes it.
     *
     * @throws IllegalArgumentException for an {@code UNKNOWN} encoding, which {@link
     *     DetectionRecords#invalid} refuses first
     */
    public static GuestFrame of(Frame frame) {
        return new GuestFrame(
                new FrameId(frame.getSourceId(), frame.getSequence()),
                encoding(frame.getEncoding()),
                frame.getWidth(),
                frame.getHeight(),
                frame.getPayload());
    }

    /**
     * The guest ABI's encoding of a record's; every encoding but UNKNOWN has one. A switch without
     * default, so a new record encoding does not compile until it is mapped here.
     */
    static FrameEncoding encoding(dev.vigil.schemas.FrameEncoding encoding) {
        return switch (encoding) {
            case RAW_RGB8 -> FrameEncoding.RAW_RGB8;
            case JPEG -> FrameEncoding.JPEG;
            case PNG -> FrameEncoding.PNG;
            case FLOAT32_TENSOR -> FrameEncoding.FLOAT32_TENSOR;
            case UNKNOWN ->
                    throw new IllegalArgumentException(
                            "UNKNOWN frames are refused before inference"
                                    + " (DetectionRecords.invalid)");
        };
    }
}

package dev.vigil.wasm;

import java.nio.FloatBuffer;

/**
 * The Wasm host's frame kernels for code outside a guest: the load harness's plain-Java inference
 * decodes and letterboxes frames with the very kernels a guest calls, so Wasm and Java compare like
 * with like. In package {@code dev.vigil.wasm} because the kernels are package-private there.
 */
public final class HostKernels {
    /** The guest SDK's {@code Norm::UNIT}: RGB scaled to 0..1, black padding, never enlarged. */
    private static final Preprocess UNIT =
            new Preprocess(1f / 255f, new float[3], new float[] {1f, 1f, 1f}, 0f, false, 1f);

    private final FrameDecoder decoder;

    /**
     * @param maxFramePixels larger frames are rejected before decoding, as {@link
     *     WasmSettings#maxFramePixels()} makes the host do
     */
    public HostKernels(long maxFramePixels) {
        this.decoder = new FrameDecoder(maxFramePixels);
    }

    /** Where a frame landed in its slot: {@code tensor = frame * scale + pad}, per axis. */
    public record Placed(float scaleX, float scaleY, float padX, float padY) {
        /** A tensor x coordinate back in frame pixels, as the SDK's {@code Transform::to_frame}. */
        public float frameX(float x) {
            return (x - padX) / scaleX;
        }

        public float frameY(float y) {
            return (y - padY) / scaleY;
        }
    }

    /** The host could not decode the frame; the message says why, as a guest would be told. */
    public static final class RejectedFrameException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RejectedFrameException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Decodes {@code frame} and letterboxes it with {@code Norm::UNIT} into {@code slot}, which
     * holds {@code 3 * width * height} floats (one NCHW frame), exactly as a guest's {@code
     * letterbox} call does.
     *
     * @throws RejectedFrameException when the frame cannot be decoded
     */
    public Placed letterbox(GuestFrame frame, FloatBuffer slot, int width, int height) {
        RgbImage image;
        try {
            image = decoder.decode(frame);
        } catch (FrameRejectedException e) {
            throw new RejectedFrameException(e.getMessage(), e);
        }
        Placement p =
                ImageKernels.letterbox(
                        image, 0, 0, image.width(), image.height(), slot, width, height, UNIT);
        return new Placed(p.scaleX(), p.scaleY(), p.padX(), p.padY());
    }
}

package dev.vigil.perf.pipeline;

import dev.vigil.wasm.GuestFrame;
import dev.vigil.wasm.WasmSettings;
import dev.vigil.wasm.kernels.FrameDecoder;
import dev.vigil.wasm.kernels.FrameRejectedException;
import dev.vigil.wasm.kernels.ImageKernels;
import dev.vigil.wasm.kernels.Placement;
import dev.vigil.wasm.kernels.Preprocess;
import dev.vigil.wasm.kernels.RgbImage;
import java.nio.FloatBuffer;

/**
 * The Wasm host's frame kernels for code outside a guest: the load harness's plain-Java inference
 * decodes and letterboxes frames with the very kernels a guest calls ({@code
 * dev.vigil.wasm.kernels}), so Wasm and Java compare like with like.
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

    /**
     * Decodes {@code frame} and letterboxes it with {@code Norm::UNIT} into {@code slot}, which
     * holds {@code 3 * width * height} floats (one NCHW frame), exactly as a guest's {@code
     * letterbox} call does.
     *
     * @throws FrameRejectedException when the frame cannot be decoded
     */
    public Placement letterbox(GuestFrame frame, FloatBuffer slot, int width, int height) {
        RgbImage image = decoder.decode(frame);
        return ImageKernels.letterbox(
                image, 0, 0, image.width(), image.height(), slot, width, height, UNIT);
    }
}

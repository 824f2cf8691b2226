package dev.vigil.wasm.kernels;

import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.FrameRejection.Reason;
import dev.vigil.wasm.GuestFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The kernel of frames that are not images: a FLOAT32_TENSOR window (height channels × width
 * samples, channel-major, little-endian float32) copied into a tensor slot in guest memory as
 * {@code (sample - offset) * scale}. Checked first, so a bad window is rejected as a frame (a dead
 * letter), never a guest error: the payload's length against the frame's shape, the shape against
 * the slot, every sample finite.
 */
public final class TensorKernels {
    private TensorKernels() {}

    /**
     * @param dst the slot, {@code channels × length} floats, written from its position
     */
    public static void copy(
            GuestFrame frame,
            FloatBuffer dst,
            int channels,
            int length,
            float offset,
            float scale) {
        if (frame.encoding() != FrameEncoding.FLOAT32_TENSOR) {
            throw new FrameRejectedException(
                    Reason.TENSOR_SHAPE_MISMATCH,
                    "tensor_copy of a " + frame.encoding() + " frame; it takes FLOAT32_TENSOR");
        }
        if (frame.height() != channels || frame.width() != length) {
            throw new FrameRejectedException(
                    Reason.TENSOR_SHAPE_MISMATCH,
                    "window of "
                            + frame.height()
                            + " channels x "
                            + frame.width()
                            + " samples; the guest's slot takes "
                            + channels
                            + " x "
                            + length);
        }
        ByteBuffer payload = frame.payload().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long expected = 4L * channels * length;
        if (payload.remaining() != expected) {
            throw new FrameRejectedException(
                    Reason.TENSOR_SHAPE_MISMATCH,
                    "FLOAT32_TENSOR payload has "
                            + payload.remaining()
                            + " bytes; "
                            + channels
                            + " x "
                            + length
                            + " x 4 needs "
                            + expected);
        }
        FloatBuffer samples = payload.asFloatBuffer();
        int n = channels * length;
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(samples.get(i))) {
                throw new FrameRejectedException(
                        Reason.NON_FINITE_TENSOR,
                        "sample "
                                + (i % length)
                                + " of channel "
                                + (i / length)
                                + " is "
                                + samples.get(i));
            }
        }
        for (int i = 0; i < n; i++) {
            dst.put((samples.get(i) - offset) * scale);
        }
    }
}

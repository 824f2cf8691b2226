package dev.vigil.wasm;

import java.nio.ByteBuffer;

/**
 * One frame handed to a guest. Its payload stays on the host: the guest sees its size and encoding,
 * and the host kernels decode and resize it on the guest's request.
 *
 * @param payload the encoded image from its position to its limit; not modified
 */
public record GuestFrame(
        FrameId id, FrameEncoding encoding, int width, int height, ByteBuffer payload) {
    public GuestFrame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "Frame " + id + " has size " + width + "x" + height + "; both must be > 0");
        }
        // Our own position and limit; the bytes are shared, never written.
        payload = payload.duplicate();
    }

    public static GuestFrame of(
            String sourceId,
            long sequence,
            FrameEncoding encoding,
            int width,
            int height,
            byte[] payload) {
        return new GuestFrame(
                new FrameId(sourceId, sequence), encoding, width, height, ByteBuffer.wrap(payload));
    }
}

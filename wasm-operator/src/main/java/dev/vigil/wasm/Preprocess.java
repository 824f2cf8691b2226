package dev.vigil.wasm;

/**
 * The guest's parameters for a resize kernel (ABI struct {@code norm_params}, 40 bytes): input =
 * {@code (pixel * scale - mean[c]) / std[c]}, channels in RGB or BGR order, padding of pixel value
 * {@code pad}, resize factor at most {@code maxScale} (0 = unlimited).
 *
 * <p>Every kernel computes the input as {@link #apply}: {@code pixel * gain(c) + offset(c)} in
 * float, a multiply and an add per value where the formula needs a division (within a few ulps of
 * it), and the same bits on the scalar and the vector path.
 */
record Preprocess(float scale, float[] mean, float[] std, float pad, boolean bgr, float maxScale) {
    static final int SIZE = 40;

    static Preprocess read(DirectMemory memory, int address) {
        java.nio.ByteBuffer b = memory.bytes(address, SIZE);
        float[] mean = {b.getFloat(4), b.getFloat(8), b.getFloat(12)};
        float[] std = {b.getFloat(16), b.getFloat(20), b.getFloat(24)};
        int order = b.getInt(32);
        if (order != 0 && order != 1) {
            throw new IllegalArgumentException("channel order " + order + " (0 RGB, 1 BGR)");
        }
        for (float s : std) {
            if (s == 0f || Float.isNaN(s)) {
                throw new IllegalArgumentException("std must be non-zero");
            }
        }
        return new Preprocess(b.getFloat(0), mean, std, b.getFloat(28), order == 1, b.getFloat(36));
    }

    /** The normalised input value of an 8-bit (or interpolated) pixel value in channel c. */
    float apply(int channel, float pixel) {
        return pixel * gain(channel) + offset(channel);
    }

    /** {@code scale / std[c]}: what a pixel value of channel c is multiplied by. */
    float gain(int channel) {
        return scale / std[channel];
    }

    /** {@code -mean[c] / std[c]}: what is added to channel c after {@link #gain}. */
    float offset(int channel) {
        return -mean[channel] / std[channel];
    }
}

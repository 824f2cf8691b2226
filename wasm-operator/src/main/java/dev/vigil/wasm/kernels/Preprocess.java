package dev.vigil.wasm.kernels;

/**
 * The guest's parameters for a resize kernel (ABI struct {@code norm_params}, 40 bytes): input =
 * {@code (pixel * scale - mean[c]) / std[c]}, channels in RGB or BGR order, padding of pixel value
 * {@code pad}, resize factor at most {@code maxScale} (0 = unlimited).
 *
 * <p>Every kernel computes the input as {@link #apply}: {@code pixel * gain(c) + offset(c)} in
 * float, a multiply and an add per value where the formula needs a division (within a few ulps of
 * it), and the same bits on the scalar and the vector path.
 */
public record Preprocess(
        float scale, float[] mean, float[] std, float pad, boolean bgr, float maxScale) {
    /** The normalised input value of an 8-bit (or interpolated) pixel value in channel c. */
    public float apply(int channel, float pixel) {
        return pixel * gain(channel) + offset(channel);
    }

    /** {@code scale / std[c]}: what a pixel value of channel c is multiplied by. */
    public float gain(int channel) {
        return scale / std[channel];
    }

    /** {@code -mean[c] / std[c]}: what is added to channel c after {@link #gain}. */
    public float offset(int channel) {
        return -mean[channel] / std[channel];
    }
}

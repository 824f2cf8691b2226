package dev.vigil.wasm.kernels;

/**
 * The inner loops of the letterbox kernel: interleaved 8-bit RGB pixels into normalised float rows,
 * one per channel (factor 1), and two source rows blended into one ({@link Bilinear}'s vertical
 * half). Two implementations write the same bits, doing the same float operations in the same
 * order: {@link ScalarRowKernel} and {@link VectorRowKernel} (the JDK's incubating Vector API);
 * {@link RowKernels} picks one per JVM.
 */
public interface RowKernel {
    /**
     * Channel {@code c} of pixel {@code i} ({@code rgb[at + 3 * i + c]}, {@code i < count}) goes to
     * {@code rows[c][x + i]} as {@code (float) value * gain[c] + offset[c]}: a float multiply, then
     * a float add (not fused, so both implementations round alike).
     */
    void normalise(
            byte[] rgb, int at, int count, float[][] rows, int x, float[] gain, float[] offset);

    /**
     * {@code out[x + i] = top + (bottom - top) * weight} for {@code i < length}, where {@code top}
     * is {@code rgb[first + i] & 0xFF} and {@code bottom} is {@code rgb[second + i] & 0xFF}, as
     * floats: a float subtract, multiply and add, unfused.
     */
    void interpolate(
            byte[] rgb, int first, int second, int length, float weight, float[] out, int x);
}

package dev.vigil.wasm;

/**
 * The inner loop of the letterbox kernel at factor 1: interleaved 8-bit RGB pixels into normalised
 * float rows, one per channel. Two implementations write the same bits: {@link ScalarRowKernel} and
 * {@link VectorRowKernel} (the JDK's incubating Vector API); {@link RowKernels} picks one per JVM.
 */
interface RowKernel {
    /**
     * Channel {@code c} of pixel {@code i} ({@code rgb[at + 3 * i + c]}, {@code i < count}) goes to
     * {@code rows[c][x + i]} as {@code (float) value * gain[c] + offset[c]}: a float multiply, then
     * a float add (not fused, so both implementations round alike).
     */
    void normalise(
            byte[] rgb, int at, int count, float[][] rows, int x, float[] gain, float[] offset);
}

package dev.vigil.wasm.kernels;

/**
 * {@link RowKernel} in plain Java, for JVMs without {@code jdk.incubator.vector}. C2 does not
 * vectorise these loops (stride-3 loads; bytes widened to floats): about 0.7 ns per value on a
 * 2020s x86 core for {@link #normalise}.
 */
public final class ScalarRowKernel implements RowKernel {
    public static final ScalarRowKernel INSTANCE = new ScalarRowKernel();

    private ScalarRowKernel() {}

    @Override
    public void normalise(
            byte[] rgb, int at, int count, float[][] rows, int x, float[] gain, float[] offset) {
        float[] r = rows[0];
        float[] g = rows[1];
        float[] b = rows[2];
        float gainR = gain[0];
        float gainG = gain[1];
        float gainB = gain[2];
        float offsetR = offset[0];
        float offsetG = offset[1];
        float offsetB = offset[2];
        for (int i = x, end = x + count; i < end; i++, at += 3) {
            r[i] = (rgb[at] & 0xFF) * gainR + offsetR;
            g[i] = (rgb[at + 1] & 0xFF) * gainG + offsetG;
            b[i] = (rgb[at + 2] & 0xFF) * gainB + offsetB;
        }
    }

    @Override
    public void interpolate(
            byte[] rgb, int first, int second, int length, float weight, float[] out, int x) {
        for (int i = 0; i < length; i++) {
            out[x + i] = Bilinear.lerp(rgb[first + i] & 0xFF, rgb[second + i] & 0xFF, weight);
        }
    }

    @Override
    public String toString() {
        return "scalar";
    }
}

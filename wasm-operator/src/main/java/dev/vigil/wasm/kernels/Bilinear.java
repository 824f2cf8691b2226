package dev.vigil.wasm.kernels;

/**
 * The letterbox's resampling path, separable: each slot row first blends the two source rows around
 * it ({@link RowKernel#interpolate}: contiguous bytes, so vectorised where the Vector API is), then
 * samples that blend across, in plain Java, since every column has its own pair of source pixels
 * (AVX2 gathers measured slower than scalar loads here). Pixel centres at {@code +0.5}.
 */
final class Bilinear {
    private final RgbImage image;
    private final int rx;
    private final int ry;
    private final int rw;
    private final int rh;
    private final int nh;
    private final RowKernel kernel;

    /** Per slot column: offsets in {@link #between} of the two source pixels, and the weight. */
    private final int[] left;

    private final int[] right;
    private final float[] weight;

    /** The current slot row's blend of its two source rows: interleaved RGB floats. */
    private final float[] between;

    /** Resamples region {@code (rx, ry, rw, rh)} of {@code image} to {@code nw x nh}. */
    Bilinear(RgbImage image, int rx, int ry, int rw, int rh, int nw, int nh, RowKernel kernel) {
        this.image = image;
        this.rx = rx;
        this.ry = ry;
        this.rw = rw;
        this.rh = rh;
        this.nh = nh;
        this.kernel = kernel;
        this.left = new int[nw];
        this.right = new int[nw];
        this.weight = new float[nw];
        this.between = new float[3 * rw];
        for (int x = 0; x < nw; x++) {
            double sx = clamp((x + 0.5) * rw / nw - 0.5, rw - 1);
            int x0 = (int) sx;
            left[x] = 3 * x0;
            right[x] = 3 * Math.min(x0 + 1, rw - 1);
            weight[x] = (float) (sx - x0);
        }
    }

    /**
     * Row {@code ty} of the resampled region into {@code rows[c][x..]}, normalised, in the frame's
     * channel order (R, G, B) as {@link RowKernel#normalise} takes its rows.
     */
    void row(int ty, float[][] rows, int x, float[] gain, float[] offset) {
        double sy = clamp((ty + 0.5) * rh / nh - 0.5, rh - 1);
        int y0 = (int) sy;
        int y1 = Math.min(y0 + 1, rh - 1);
        int stride = 3 * image.width();
        int first = image.offset() + (ry + y0) * stride + 3 * rx;
        kernel.interpolate(
                image.rgb(),
                first,
                first + (y1 - y0) * stride,
                3 * rw,
                (float) (sy - y0),
                between,
                0);
        float[] r = rows[0];
        float[] g = rows[1];
        float[] b = rows[2];
        for (int i = 0; i < left.length; i++) {
            int a = left[i];
            int c = right[i];
            float w = weight[i];
            r[x + i] = lerp(between[a], between[c], w) * gain[0] + offset[0];
            g[x + i] = lerp(between[a + 1], between[c + 1], w) * gain[1] + offset[1];
            b[x + i] = lerp(between[a + 2], between[c + 2], w) * gain[2] + offset[2];
        }
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    /** {@code a + (b - a) * t}, as {@link RowKernel#interpolate} computes it. */
    static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }
}

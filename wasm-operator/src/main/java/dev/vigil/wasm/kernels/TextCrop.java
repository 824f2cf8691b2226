package dev.vigil.wasm.kernels;

import java.nio.FloatBuffer;

/**
 * A text region of a frame, any quadrilateral (a rotated or slightly skewed box), cut out upright
 * into one slot of a recogniser's batch tensor: the quad's corners go to the slot's corners, its
 * height becomes the slot's, its width follows with the aspect kept (at most the slot's width), and
 * the columns to the right are padding. Normalised NCHW floats, as {@link ImageKernels#letterbox}.
 *
 * <p>The map from slot to frame is the bilinear blend of the four corners, exact for a rectangle at
 * any angle and close to a perspective warp for the slight skews of text seen off-axis; frame
 * pixels are sampled bilinearly, centres at {@code +0.5}, edges clamped. Text that reads top to
 * bottom (a quad much taller than wide) is not turned: the guest orders the corners.
 */
public final class TextCrop {
    private TextCrop() {}

    /**
     * Warps {@code quad} of {@code image} into {@code slot} ({@code 3 * dw * dh} floats).
     *
     * @param quad corners in frame pixels: top-left, top-right, bottom-right, bottom-left, as
     *     {@code x, y} pairs (8 values)
     * @param p the normalisation and padding (its resize limit does not apply: a crop is always
     *     resized to the slot's height)
     * @return the width the crop took, {@code 1..dw}; columns from it on are padding
     * @throws IllegalArgumentException for corners that are not finite or a quad less than a pixel
     *     wide or high
     */
    public static int warp(
            RgbImage image, float[] quad, FloatBuffer slot, int dw, int dh, Preprocess p) {
        int nw = width(quad, dw, dh);
        float[][] rows = new float[3][dw];
        for (int c = 0; c < 3; c++) {
            java.util.Arrays.fill(rows[c], nw, dw, p.apply(c, p.pad()));
        }
        float[] rgb = new float[3];
        for (int y = 0; y < dh; y++) {
            float v = (y + 0.5f) / dh;
            // The slot row's ends on the quad's left and right sides.
            float lx = lerp(quad[0], quad[6], v);
            float ly = lerp(quad[1], quad[7], v);
            float rx = lerp(quad[2], quad[4], v);
            float ry = lerp(quad[3], quad[5], v);
            for (int x = 0; x < nw; x++) {
                float u = (x + 0.5f) / nw;
                sample(image, lerp(lx, rx, u), lerp(ly, ry, u), rgb);
                for (int c = 0; c < 3; c++) {
                    rows[c][x] = p.apply(c, rgb[p.bgr() ? 2 - c : c]);
                }
            }
            for (int c = 0; c < 3; c++) {
                slot.put((c * dh + y) * dw, rows[c]);
            }
        }
        return nw;
    }

    /**
     * The width a quad's crop takes in a {@code dw x dh} slot: its longer horizontal side over its
     * longer vertical side, times {@code dh}, rounded, in {@code 1..dw}.
     */
    public static int width(float[] quad, int dw, int dh) {
        if (quad.length != 8) {
            throw new IllegalArgumentException("a quad has 8 values, not " + quad.length);
        }
        for (float v : quad) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("quad corner value " + v);
            }
        }
        if (dw < 1 || dh < 1) {
            throw new IllegalArgumentException("slot of " + dw + "x" + dh);
        }
        double w = Math.max(side(quad, 0, 1), side(quad, 3, 2));
        double h = Math.max(side(quad, 0, 3), side(quad, 1, 2));
        if (w < 1 || h < 1) {
            throw new IllegalArgumentException(
                    "quad of " + (float) w + "x" + (float) h + " px: less than a pixel");
        }
        return (int) Math.max(1, Math.min(dw, Math.round(dh * w / h)));
    }

    /** The length of the side between corners {@code a} and {@code b}. */
    private static double side(float[] quad, int a, int b) {
        return Math.hypot(quad[2 * b] - quad[2 * a], quad[2 * b + 1] - quad[2 * a + 1]);
    }

    /** The bilinear sample at frame point {@code (fx, fy)} (edges clamped) into {@code rgb}. */
    static void sample(RgbImage image, float fx, float fy, float[] rgb) {
        float sx = clamp(fx - 0.5f, image.width() - 1);
        float sy = clamp(fy - 0.5f, image.height() - 1);
        int x0 = (int) sx;
        int y0 = (int) sy;
        int x1 = Math.min(x0 + 1, image.width() - 1);
        int y1 = Math.min(y0 + 1, image.height() - 1);
        float wx = sx - x0;
        float wy = sy - y0;
        byte[] px = image.rgb();
        int stride = 3 * image.width();
        int a = image.offset() + y0 * stride + 3 * x0;
        int b = image.offset() + y0 * stride + 3 * x1;
        int c = image.offset() + y1 * stride + 3 * x0;
        int d = image.offset() + y1 * stride + 3 * x1;
        for (int ch = 0; ch < 3; ch++) {
            float top = lerp(px[a + ch] & 0xFF, px[b + ch] & 0xFF, wx);
            float bottom = lerp(px[c + ch] & 0xFF, px[d + ch] & 0xFF, wx);
            rgb[ch] = lerp(top, bottom, wy);
        }
    }

    private static float clamp(float v, int max) {
        return Math.max(0f, Math.min(v, max));
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }
}

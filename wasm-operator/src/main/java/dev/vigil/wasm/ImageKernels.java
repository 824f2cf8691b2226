package dev.vigil.wasm;

import java.nio.FloatBuffer;

/**
 * The per-pixel work guests ask the host to do: letterboxing a frame (or a region of it) into one
 * NCHW float slot of a batch tensor in guest memory. Chicory runs such loops several times slower
 * than the JVM and has no SIMD, so they live here; the guest only chooses the parameters.
 *
 * <p>Resampling is bilinear with pixel centres at {@code +0.5}, so a factor of 1 copies pixels
 * exactly; a factor of 1 takes a plain copy path.
 */
final class ImageKernels {
    private ImageKernels() {}

    /**
     * Letterboxes region {@code (rx, ry, rw, rh)} of {@code image} into {@code slot}, which holds
     * {@code 3 * dw * dh} floats: resized by one factor to fit, centred, the rest padded.
     */
    static Placement letterbox(
            RgbImage image,
            int rx,
            int ry,
            int rw,
            int rh,
            FloatBuffer slot,
            int dw,
            int dh,
            Preprocess p) {
        double scale = Math.min((double) dw / rw, (double) dh / rh);
        if (p.maxScale() > 0) {
            scale = Math.min(scale, p.maxScale());
        }
        int nw = Math.max(1, Math.min(dw, (int) Math.round(rw * scale)));
        int nh = Math.max(1, Math.min(dh, (int) Math.round(rh * scale)));
        int padX = (dw - nw) / 2;
        int padY = (dh - nh) / 2;
        float[][] rows = new float[3][dw];
        float[] padValue = new float[3];
        for (int c = 0; c < 3; c++) {
            padValue[c] = p.apply(c, p.pad());
        }
        int plane = dw * dh;
        boolean copy = nw == rw && nh == rh;
        float[][] lut = copy ? lookupTable(p) : null;
        Columns columns = copy ? null : Columns.of(rx, rw, nw);
        for (int y = 0; y < dh; y++) {
            for (int c = 0; c < 3; c++) {
                java.util.Arrays.fill(rows[c], padValue[c]);
            }
            int ty = y - padY;
            if (ty >= 0 && ty < nh) {
                if (copy) {
                    copyRow(image, rx, ry + ty, rw, copyRows(rows, p), padX, lut);
                } else {
                    sampleRow(image, ry, rh, nh, ty, columns, rows, padX, p);
                }
            }
            for (int c = 0; c < 3; c++) {
                slot.put(c * plane + y * dw, rows[c]);
            }
        }
        return new Placement((float) nw / rw, (float) nh / rh, padX, padY);
    }

    private static void copyRow(
            RgbImage image, int rx, int sy, int rw, float[][] rows, int padX, float[][] lut) {
        byte[] rgb = image.rgb();
        int at = image.offset() + (sy * image.width() + rx) * 3;
        float[] r = rows[0];
        float[] g = rows[1];
        float[] b = rows[2];
        for (int x = padX, end = padX + rw; x < end; x++, at += 3) {
            r[x] = lut[0][rgb[at] & 0xFF];
            g[x] = lut[1][rgb[at + 1] & 0xFF];
            b[x] = lut[2][rgb[at + 2] & 0xFF];
        }
    }

    /** lut[c][v]: the input value of 8-bit value v of the source channel feeding channel c. */
    private static float[][] lookupTable(Preprocess p) {
        float[][] lut = new float[3][256];
        for (int c = 0; c < 3; c++) {
            int source = p.bgr() ? 2 - c : c;
            for (int v = 0; v < 256; v++) {
                lut[source][v] = p.apply(c, v);
            }
        }
        return lut;
    }

    /** Per destination column: byte offsets of the two source pixels and the weight between. */
    private record Columns(int[] left, int[] right, float[] weight) {
        static Columns of(int rx, int rw, int nw) {
            int[] left = new int[nw];
            int[] right = new int[nw];
            float[] weight = new float[nw];
            for (int x = 0; x < nw; x++) {
                double sx = clamp((x + 0.5) * rw / nw - 0.5, rw - 1);
                int x0 = (int) sx;
                left[x] = (rx + x0) * 3;
                right[x] = (rx + Math.min(x0 + 1, rw - 1)) * 3;
                weight[x] = (float) (sx - x0);
            }
            return new Columns(left, right, weight);
        }
    }

    private static void sampleRow(
            RgbImage image,
            int ry,
            int rh,
            int nh,
            int ty,
            Columns columns,
            float[][] rows,
            int padX,
            Preprocess p) {
        byte[] rgb = image.rgb();
        int width = image.width();
        double sy = clamp((ty + 0.5) * rh / nh - 0.5, rh - 1);
        int y0 = (int) sy;
        int y1 = Math.min(y0 + 1, rh - 1);
        float fy = (float) (sy - y0);
        int row0 = image.offset() + (ry + y0) * width * 3;
        int row1 = image.offset() + (ry + y1) * width * 3;
        int nw = columns.left().length;
        for (int c = 0; c < 3; c++) {
            int s = p.bgr() ? 2 - c : c;
            float gain = p.scale() / p.std()[c];
            float offset = -p.mean()[c] / p.std()[c];
            float[] row = rows[c];
            for (int x = 0; x < nw; x++) {
                int a = columns.left()[x] + s;
                int b = columns.right()[x] + s;
                float fx = columns.weight()[x];
                float top = lerp(rgb[row0 + a] & 0xFF, rgb[row0 + b] & 0xFF, fx);
                float bottom = lerp(rgb[row1 + a] & 0xFF, rgb[row1 + b] & 0xFF, fx);
                row[padX + x] = lerp(top, bottom, fy) * gain + offset;
            }
        }
    }

    /** The rows in source channel order (R, G, B), so copyRow needs no per-pixel swap. */
    private static float[][] copyRows(float[][] rows, Preprocess p) {
        return p.bgr() ? new float[][] {rows[2], rows[1], rows[0]} : rows;
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }
}

package dev.vigil.wasm;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The per-pixel work guests ask the host to do: letterboxing a frame (or a region of it) into one
 * NCHW float slot of a batch tensor in guest memory. Chicory runs such loops several times slower
 * than the JVM and has no SIMD, so they live here; the guest only chooses the parameters.
 *
 * <p>Resampling is bilinear with pixel centres at {@code +0.5}, so a factor of 1 copies pixels
 * exactly; a factor of 1 takes a plain copy path, whose pixels a {@link RowKernel} converts (vector
 * or scalar, the same bits).
 */
final class ImageKernels {
    private ImageKernels() {}

    /**
     * {@link #letterbox(RgbImage, int, int, int, int, FloatBuffer, int, int, Preprocess, RowKernel)
     * letterbox} with this JVM's row kernel ({@link RowKernels#SELECTED}).
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
        return letterbox(image, rx, ry, rw, rh, slot, dw, dh, p, RowKernels.SELECTED);
    }

    /**
     * Letterboxes region {@code (rx, ry, rw, rh)} of {@code image} into {@code slot}, which holds
     * {@code 3 * dw * dh} floats: resized by one factor to fit, centred, the rest padded. Each slot
     * row is assembled in a {@code float[]} per channel and written with one bulk put; the padding
     * columns of those arrays are set once, not per row.
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
            Preprocess p,
            RowKernel kernel) {
        double scale = Math.min((double) dw / rw, (double) dh / rh);
        if (p.maxScale() > 0) {
            scale = Math.min(scale, p.maxScale());
        }
        int nw = Math.max(1, Math.min(dw, (int) Math.round(rw * scale)));
        int nh = Math.max(1, Math.min(dh, (int) Math.round(rh * scale)));
        int padX = (dw - nw) / 2;
        int padY = (dh - nh) / 2;
        float[][] rows = new float[3][dw];
        pad(rows, 0, dw, p);
        for (int y = 0; y < padY; y++) {
            put(rows, slot, y, dh);
        }
        if (nw == rw && nh == rh) {
            SourceOrder source = SourceOrder.of(rows, p);
            int stride = image.width() * 3;
            int at = image.offset() + ry * stride + rx * 3;
            for (int ty = 0; ty < nh; ty++, at += stride) {
                kernel.normalise(
                        image.rgb(), at, rw, source.rows(), padX, source.gain(), source.offset());
                put(rows, slot, padY + ty, dh);
            }
        } else {
            Columns columns = Columns.of(rx, rw, nw);
            for (int ty = 0; ty < nh; ty++) {
                sampleRow(image, ry, rh, nh, ty, columns, rows, padX, p);
                put(rows, slot, padY + ty, dh);
            }
        }
        pad(rows, padX, padX + nw, p);
        for (int y = padY + nh; y < dh; y++) {
            put(rows, slot, y, dh);
        }
        return new Placement((float) nw / rw, (float) nh / rh, padX, padY);
    }

    /** Sets columns {@code [from, to)} of each channel's row to the padding value. */
    private static void pad(float[][] rows, int from, int to, Preprocess p) {
        for (int c = 0; c < 3; c++) {
            Arrays.fill(rows[c], from, to, p.apply(c, p.pad()));
        }
    }

    /** Writes the three channel rows as row {@code y} of the slot's planes. */
    private static void put(float[][] rows, FloatBuffer slot, int y, int dh) {
        int dw = rows[0].length;
        for (int c = 0; c < 3; c++) {
            slot.put((c * dh + y) * dw, rows[c]);
        }
    }

    /**
     * The slot's rows and normalisation in the frame's channel order (R, G, B), so that a row
     * kernel needs no per-pixel swap for BGR.
     */
    private record SourceOrder(float[][] rows, float[] gain, float[] offset) {
        static SourceOrder of(float[][] slotRows, Preprocess p) {
            SourceOrder source = new SourceOrder(new float[3][], new float[3], new float[3]);
            for (int c = 0; c < 3; c++) {
                int s = p.bgr() ? 2 - c : c;
                source.rows[s] = slotRows[c];
                source.gain[s] = p.gain(c);
                source.offset[s] = p.offset(c);
            }
            return source;
        }
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
            float gain = p.gain(c);
            float offset = p.offset(c);
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

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }
}

package dev.vigil.wasm;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The per-pixel work guests ask the host to do: letterboxing a frame (or a region of it) into one
 * NCHW float slot of a batch tensor in guest memory. Chicory runs such loops several times slower
 * than the JVM and has no SIMD, so they live here; the guest only chooses the parameters.
 *
 * <p>Resampling is bilinear ({@link Bilinear}) with pixel centres at {@code +0.5}, so a factor of 1
 * copies pixels exactly; a factor of 1 takes a plain copy path. The per-pixel loops of both are a
 * {@link RowKernel}'s, vector or scalar, with the same bits.
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
     * columns of those arrays are set once, not per row. {@code kernel} does the pixels.
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
        SourceOrder source = SourceOrder.of(rows, p);
        if (nw == rw && nh == rh) {
            int stride = image.width() * 3;
            int at = image.offset() + ry * stride + rx * 3;
            for (int ty = 0; ty < nh; ty++, at += stride) {
                kernel.normalise(
                        image.rgb(), at, rw, source.rows(), padX, source.gain(), source.offset());
                put(rows, slot, padY + ty, dh);
            }
        } else {
            Bilinear resampled = new Bilinear(image, rx, ry, rw, rh, nw, nh, kernel);
            for (int ty = 0; ty < nh; ty++) {
                resampled.row(ty, source.rows(), padX, source.gain(), source.offset());
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
}

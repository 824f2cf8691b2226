package dev.vigil.wasm.kernels;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The per-pixel work guests ask the host to do: letterboxing a frame (or a region of it) into one
 * slot of a batch tensor in guest memory, either normalised floats (NCHW) or the 8-bit pixels
 * themselves (NHWC) for a model that normalises in its graph. Chicory runs such loops several times
 * slower than the JVM and has no SIMD, so they live here; the guest only chooses the parameters.
 *
 * <p>Resampling is bilinear ({@link Bilinear}) with pixel centres at {@code +0.5}, so a factor of 1
 * copies pixels exactly; a factor of 1 takes a plain copy path. The per-pixel loops of both are a
 * {@link RowKernel}'s, vector or scalar, with the same bits.
 */
public final class ImageKernels {
    /** Resampling for 8-bit slots: the float path's arithmetic with the normalisation left out. */
    private static final float[] UNIT_GAIN = {1f, 1f, 1f};

    private static final float[] ZERO_OFFSET = {0f, 0f, 0f};

    private ImageKernels() {}

    /**
     * {@link #letterbox(RgbImage, int, int, int, int, FloatBuffer, int, int, Preprocess, RowKernel)
     * letterbox} with this JVM's row kernel ({@link RowKernels#SELECTED}).
     */
    public static Placement letterbox(
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
    public static Placement letterbox(
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
        Fit fit = Fit.of(rw, rh, dw, dh, p);
        int nw = fit.width();
        int nh = fit.height();
        int padX = fit.padX();
        int padY = fit.padY();
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
        return fit.placement(rw, rh);
    }

    /**
     * Letterboxes region {@code (rx, ry, rw, rh)} of {@code image} into {@code slot} as 8-bit
     * pixels: {@code dh} rows of {@code dw} pixels of 3 bytes (NHWC) in the frame's RGB order,
     * padded with {@code p.pad()} rounded to a byte. Channel order and normalisation are the
     * model's (its pixel form does both), so of {@code p} only the padding and the resize limit
     * apply. Placed as {@link #letterbox} places it; resampled values are the float path's, rounded
     * to the nearest byte. At a factor of 1 each row is one bulk copy of the frame's bytes.
     */
    public static Placement letterboxPixels(
            RgbImage image,
            int rx,
            int ry,
            int rw,
            int rh,
            ByteBuffer slot,
            int dw,
            int dh,
            Preprocess p) {
        Fit fit = Fit.of(rw, rh, dw, dh, p);
        byte[] row = new byte[3 * dw];
        Arrays.fill(row, padByte(p.pad()));
        int left = 3 * fit.padX();
        int right = 3 * (fit.padX() + fit.width());
        boolean copy = fit.width() == rw && fit.height() == rh;
        for (int y = 0; y < dh; y++) {
            int at = 3 * dw * y;
            int ty = y - fit.padY();
            if (ty < 0 || ty >= fit.height()) {
                slot.put(at, row);
            } else if (copy) {
                slot.put(at, row, 0, left);
                slot.put(
                        at + left,
                        image.rgb(),
                        image.offset() + 3 * ((ry + ty) * image.width() + rx),
                        3 * rw);
                slot.put(at + right, row, right, row.length - right);
            }
        }
        if (!copy) {
            Bilinear resampled =
                    new Bilinear(
                            image, rx, ry, rw, rh, fit.width(), fit.height(), RowKernels.SELECTED);
            float[][] channels = new float[3][fit.width()];
            for (int ty = 0; ty < fit.height(); ty++) {
                resampled.row(ty, channels, 0, UNIT_GAIN, ZERO_OFFSET);
                interleave(channels, row, fit.padX());
                slot.put(3 * dw * (fit.padY() + ty), row);
            }
        }
        return fit.placement(rw, rh);
    }

    /** Resampled R, G, B rows (0..255) into interleaved bytes from pixel {@code x}, rounded. */
    private static void interleave(float[][] channels, byte[] row, int x) {
        float[] r = channels[0];
        float[] g = channels[1];
        float[] b = channels[2];
        for (int i = 0, to = 3 * x; i < r.length; i++, to += 3) {
            row[to] = (byte) (int) (r[i] + 0.5f);
            row[to + 1] = (byte) (int) (g[i] + 0.5f);
            row[to + 2] = (byte) (int) (b[i] + 0.5f);
        }
    }

    private static byte padByte(float pad) {
        return (byte) Math.round(Math.max(0f, Math.min(255f, pad)));
    }

    /**
     * How a {@code rw x rh} region fits a {@code dw x dh} slot: resized by one factor (at most
     * {@code p.maxScale()}, unless 0) to {@code width x height}, centred with {@code padX, padY}.
     */
    private record Fit(int width, int height, int padX, int padY) {
        static Fit of(int rw, int rh, int dw, int dh, Preprocess p) {
            double scale = Math.min((double) dw / rw, (double) dh / rh);
            if (p.maxScale() > 0) {
                scale = Math.min(scale, p.maxScale());
            }
            int nw = Math.max(1, Math.min(dw, (int) Math.round(rw * scale)));
            int nh = Math.max(1, Math.min(dh, (int) Math.round(rh * scale)));
            return new Fit(nw, nh, (dw - nw) / 2, (dh - nh) / 2);
        }

        Placement placement(int rw, int rh) {
            return new Placement((float) width / rw, (float) height / rh, padX, padY);
        }
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

package dev.vigil.wasm.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link TextCrop} against a plain computation of what docs/guest-abi.md says it does. */
class TextCropKernelTest {
    /** PaddleOCR's recogniser normalisation, BGR, padded with 127.5 (0 after normalising). */
    private static final Preprocess REC =
            new Preprocess(
                    1f / 255f,
                    new float[] {0.5f, 0.5f, 0.5f},
                    new float[] {0.5f, 0.5f, 0.5f},
                    127.5f,
                    true,
                    0f);

    private static final Preprocess UNIT =
            new Preprocess(1f, new float[3], new float[] {1, 1, 1}, 0f, false, 0f);

    @Test
    void aRotatedQuadIsTheReferenceWarpAndTheRestIsPadding() {
        RgbImage image = noise(120, 80, 7);
        // A 60 x 20 rectangle turned by 12 degrees about (60, 40).
        float[] quad = rotated(60, 40, 60, 20, Math.toRadians(12));
        int dw = 200;
        int dh = 48;
        FloatBuffer slot = FloatBuffer.allocate(3 * dw * dh);

        int width = TextCrop.warp(image, quad, slot, dw, dh, REC);

        assertThat(width).isEqualTo(144); // 48 * 60 / 20
        float worst = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < dh; y++) {
                for (int x = 0; x < dw; x++) {
                    double expected =
                            x < width ? reference(image, quad, width, dh, x, y, 2 - c) : 127.5;
                    double normalised = (expected / 255 - 0.5) / 0.5;
                    worst =
                            Math.max(
                                    worst,
                                    (float) Math.abs(slot.get((c * dh + y) * dw + x) - normalised));
                }
            }
        }
        assertThat(worst).as("largest difference from the reference").isLessThan(1e-4f);
        assertThat(slot.get(dh * dw - 1)).isZero(); // padding normalises to 0
    }

    @Test
    void anUprightQuadOfTheSlotsHeightCopiesPixelsExactly() {
        RgbImage image = noise(40, 30, 3);
        float[] quad = {5, 4, 25, 4, 25, 14, 5, 14}; // 20 x 10 from (5, 4)
        FloatBuffer slot = FloatBuffer.allocate(3 * 32 * 10);

        int width = TextCrop.warp(image, quad, slot, 32, 10, UNIT);

        assertThat(width).isEqualTo(20);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 20; x++) {
                    assertThat(slot.get((c * 10 + y) * 32 + x))
                            .as("channel %d at %d,%d", c, x, y)
                            .isEqualTo(pixel(image, 5 + x, 4 + y, c));
                }
            }
        }
    }

    @Test
    void cornersInAnotherOrderTurnTheCrop() {
        RgbImage image = noise(16, 16, 11);
        // Top-left corner at the region's bottom-left: read bottom to top, a quarter turn.
        float[] quad = {2, 10, 2, 2, 10, 2, 10, 10};
        FloatBuffer slot = FloatBuffer.allocate(3 * 8 * 8);

        assertThat(TextCrop.warp(image, quad, slot, 8, 8, UNIT)).isEqualTo(8);

        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertThat(slot.get(y * 8 + x)).isEqualTo(pixel(image, 2 + y, 9 - x, 0));
            }
        }
    }

    @Test
    void theWidthKeepsTheAspectWithinTheSlot() {
        assertThat(TextCrop.width(new float[] {0, 0, 100, 0, 100, 10, 0, 10}, 640, 48))
                .isEqualTo(480);
        assertThat(TextCrop.width(new float[] {0, 0, 400, 0, 400, 10, 0, 10}, 640, 48))
                .isEqualTo(640);
        assertThat(TextCrop.width(new float[] {0, 0, 1, 0, 1, 100, 0, 100}, 640, 48)).isEqualTo(1);
    }

    @Test
    void cornersThatAreNotFiniteOrAQuadUnderAPixelAreRefused() {
        assertThatThrownBy(
                        () -> TextCrop.width(new float[] {0, 0, Float.NaN, 0, 9, 9, 0, 9}, 64, 48))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> TextCrop.width(new float[] {3, 3, 3, 3, 3, 3, 3, 3}, 64, 48))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("less than a pixel");
        assertThatThrownBy(() -> TextCrop.width(new float[6], 64, 48))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The value (0..255, frame channel {@code c}) at slot column {@code x}, row {@code y}, in
     * doubles: the corners blended at the pixel centre's fractions, sampled bilinearly.
     */
    private static double reference(
            RgbImage image, float[] q, int width, int height, int x, int y, int c) {
        double u = (x + 0.5) / width;
        double v = (y + 0.5) / height;
        double px = (1 - v) * ((1 - u) * q[0] + u * q[2]) + v * ((1 - u) * q[6] + u * q[4]);
        double py = (1 - v) * ((1 - u) * q[1] + u * q[3]) + v * ((1 - u) * q[7] + u * q[5]);
        double sx = Math.max(0, Math.min(px - 0.5, image.width() - 1));
        double sy = Math.max(0, Math.min(py - 0.5, image.height() - 1));
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        int x1 = Math.min(x0 + 1, image.width() - 1);
        int y1 = Math.min(y0 + 1, image.height() - 1);
        double wx = sx - x0;
        double wy = sy - y0;
        double top = pixel(image, x0, y0, c) * (1 - wx) + pixel(image, x1, y0, c) * wx;
        double bottom = pixel(image, x0, y1, c) * (1 - wx) + pixel(image, x1, y1, c) * wx;
        return top * (1 - wy) + bottom * wy;
    }

    private static float pixel(RgbImage image, int x, int y, int c) {
        return image.rgb()[image.offset() + 3 * (y * image.width() + x) + c] & 0xFF;
    }

    /**
     * The corners of a {@code w x h} rectangle centred on {@code (cx, cy)}, turned by {@code a}.
     */
    private static float[] rotated(double cx, double cy, double w, double h, double a) {
        double[][] corners = {{-w / 2, -h / 2}, {w / 2, -h / 2}, {w / 2, h / 2}, {-w / 2, h / 2}};
        float[] quad = new float[8];
        for (int i = 0; i < 4; i++) {
            double x = corners[i][0];
            double y = corners[i][1];
            quad[2 * i] = (float) (cx + x * Math.cos(a) - y * Math.sin(a));
            quad[2 * i + 1] = (float) (cy + x * Math.sin(a) + y * Math.cos(a));
        }
        return quad;
    }

    private static RgbImage noise(int w, int h, long seed) {
        byte[] rgb = new byte[3 * w * h];
        new Random(seed).nextBytes(rgb);
        return new RgbImage(w, h, rgb, 0);
    }
}

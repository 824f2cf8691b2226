package dev.vigil.wasm.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.FrameRejection.Reason;
import dev.vigil.wasm.Frames;
import dev.vigil.wasm.GuestFrame;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class ImageKernelsTest {
    private static final Preprocess UNIT =
            new Preprocess(1f / 255f, new float[3], new float[] {1, 1, 1}, 0f, false, 1f);
    private final FrameDecoder decoder = new FrameDecoder(1_000_000);

    @Test
    void atScaleOneAFrameIsCopiedExactlyAndCentredWithPadding() {
        // 4x2 frame in a 6x4 slot: 1 column and 1 row of padding on each side.
        Frames frames = new Frames(4, 2).fill(0, 0, 4, 2, 10, 20, 30).fill(3, 1, 4, 2, 255, 0, 0);
        RgbImage image = decoder.decode(frames.raw("s", 1));
        FloatBuffer slot = FloatBuffer.allocate(3 * 6 * 4);

        Placement placement = ImageKernels.letterbox(image, 0, 0, 4, 2, slot, 6, 4, UNIT);

        // The documented formula, (pixel * scale - mean) / std, in float.
        assertThat(placement).isEqualTo(new Placement(1f, 1f, 1f, 1f));
        assertThat(at(slot, 6, 4, 0, 0, 0)).isZero(); // padding, black
        assertThat(at(slot, 6, 4, 0, 1, 1)).isEqualTo(10 * (1f / 255f));
        assertThat(at(slot, 6, 4, 1, 1, 1)).isEqualTo(20 * (1f / 255f));
        assertThat(at(slot, 6, 4, 2, 1, 1)).isEqualTo(30 * (1f / 255f));
        assertThat(at(slot, 6, 4, 0, 2, 4)).isEqualTo(255 * (1f / 255f)); // red corner pixel
        assertThat(at(slot, 6, 4, 1, 2, 4)).isZero();
        assertThat(at(slot, 6, 4, 0, 3, 5)).isZero();
    }

    @Test
    void shrinksByOneFactorNormalisesAndSwapsToBgr() {
        // 8x4 of a uniform colour into 4x4: factor 0.5, 2 rows of padding split 1/1.
        Frames frames = new Frames(8, 4).fill(0, 0, 8, 4, 100, 150, 200);
        RgbImage image = decoder.decode(frames.raw("s", 1));
        Preprocess bgr =
                new Preprocess(1f, new float[] {1, 2, 3}, new float[] {2, 2, 2}, 114f, true, 0f);
        FloatBuffer slot = FloatBuffer.allocate(3 * 4 * 4);

        Placement placement = ImageKernels.letterbox(image, 0, 0, 8, 4, slot, 4, 4, bgr);

        assertThat(placement).isEqualTo(new Placement(0.5f, 0.5f, 0f, 1f));
        assertThat(at(slot, 4, 4, 0, 1, 0)).isCloseTo((200 - 1) / 2f, within(1e-4f)); // blue
        assertThat(at(slot, 4, 4, 2, 2, 3)).isCloseTo((100 - 3) / 2f, within(1e-4f)); // red
        assertThat(at(slot, 4, 4, 1, 0, 0)).isCloseTo((114 - 2) / 2f, within(1e-4f)); // pad
    }

    @Test
    void aRegionIsCroppedBeforeItIsResized() {
        Frames frames = new Frames(8, 8).fill(4, 4, 8, 8, 255, 255, 255);
        RgbImage image = decoder.decode(frames.raw("s", 1));
        FloatBuffer slot = FloatBuffer.allocate(3 * 2 * 2);

        ImageKernels.letterbox(
                image,
                4,
                4,
                4,
                4,
                slot,
                2,
                2,
                new Preprocess(1f / 255f, new float[3], new float[] {1, 1, 1}, 0f, false, 0f));

        for (int i = 0; i < slot.capacity(); i++) {
            assertThat(slot.get(i)).isCloseTo(1f, within(1e-6f));
        }
    }

    @Test
    void everyValueMatchesAPlainPerPixelReferenceForCopiesAndResizes() {
        int w = 37;
        int h = 23;
        RgbImage image = randomImage(w, h, 5);
        Preprocess dbnet =
                new Preprocess(
                        1f / 255f,
                        new float[] {0.485f, 0.456f, 0.406f},
                        new float[] {0.229f, 0.224f, 0.225f},
                        7f,
                        true,
                        0f);
        // Region 9x7 at (2, 1) into 13x10: copy path (factor 1), padded on every side.
        checkAgainstReference(
                image,
                2,
                1,
                9,
                7,
                13,
                10,
                new Preprocess(dbnet.scale(), dbnet.mean(), dbnet.std(), 7f, true, 1f));
        // The whole frame into 16x16: bilinear, factor 16/37, padding above and below.
        checkAgainstReference(image, 0, 0, w, h, 16, 16, dbnet);
        // A region enlarged (no limit): 5x4 into 20x12, factor 3.
        checkAgainstReference(image, 30, 18, 5, 4, 20, 12, dbnet);
    }

    private static void checkAgainstReference(
            RgbImage image, int rx, int ry, int rw, int rh, int dw, int dh, Preprocess p) {
        FloatBuffer slot = FloatBuffer.allocate(3 * dw * dh);
        Placement placed = ImageKernels.letterbox(image, rx, ry, rw, rh, slot, dw, dh, p);
        double scale = Math.min((double) dw / rw, (double) dh / rh);
        if (p.maxScale() > 0) {
            scale = Math.min(scale, p.maxScale());
        }
        int nw = (int) Math.round(rw * scale);
        int nh = (int) Math.round(rh * scale);
        int padX = (dw - nw) / 2;
        int padY = (dh - nh) / 2;
        assertThat(placed).isEqualTo(new Placement((float) nw / rw, (float) nh / rh, padX, padY));
        for (int c = 0; c < 3; c++) {
            int source = p.bgr() ? 2 - c : c;
            for (int y = 0; y < dh; y++) {
                for (int x = 0; x < dw; x++) {
                    int tx = x - padX;
                    int ty = y - padY;
                    double pixel = p.pad();
                    if (tx >= 0 && tx < nw && ty >= 0 && ty < nh) {
                        double sx = Math.max(0, Math.min((tx + 0.5) * rw / nw - 0.5, rw - 1));
                        double sy = Math.max(0, Math.min((ty + 0.5) * rh / nh - 0.5, rh - 1));
                        int x0 = (int) sx;
                        int y0 = (int) sy;
                        int x1 = Math.min(x0 + 1, rw - 1);
                        int y1 = Math.min(y0 + 1, rh - 1);
                        double fx = sx - x0;
                        double fy = sy - y0;
                        double top =
                                value(image, rx + x0, ry + y0, source) * (1 - fx)
                                        + value(image, rx + x1, ry + y0, source) * fx;
                        double bottom =
                                value(image, rx + x0, ry + y1, source) * (1 - fx)
                                        + value(image, rx + x1, ry + y1, source) * fx;
                        pixel = top * (1 - fy) + bottom * fy;
                    }
                    double expected = (pixel * p.scale() - p.mean()[c]) / p.std()[c];
                    assertThat((double) at(slot, dw, dh, c, y, x))
                            .as("channel %d, row %d, column %d of %dx%d", c, y, x, dw, dh)
                            .isCloseTo(expected, within(1e-4));
                }
            }
        }
    }

    @Test
    void pixelSlotsHoldTheFloatPathsValuesBeforeNormalisationRoundedToBytes() {
        int w = 37;
        int h = 23;
        RgbImage image = randomImage(w, h, 6);
        for (boolean bgr : new boolean[] {false, true}) {
            // Copy path (factor 1), padded on every side; the whole frame shrunk; a region
            // enlarged. Pixels stay RGB even where the model wants BGR: its pixel form reorders.
            checkPixels(image, 2, 1, 9, 7, 13, 10, raw(bgr, 1f));
            checkPixels(image, 0, 0, w, h, 16, 16, raw(bgr, 0f));
            checkPixels(image, 30, 18, 5, 4, 20, 12, raw(bgr, 0f));
        }
        // A frame that fills its slot is the frame's own bytes.
        ByteBuffer whole = ByteBuffer.allocate(image.rgb().length);
        ImageKernels.letterboxPixels(image, 0, 0, w, h, whole, w, h, raw(false, 1f));
        assertThat(java.util.Arrays.equals(whole.array(), image.rgb())).isTrue();
    }

    /** Pixel values as they are (the model normalises), padding grey 114.4 (rounds to 114). */
    private static Preprocess raw(boolean bgr, float maxScale) {
        return new Preprocess(1f, new float[3], new float[] {1, 1, 1}, 114.4f, bgr, maxScale);
    }

    private static void checkPixels(
            RgbImage image, int rx, int ry, int rw, int rh, int dw, int dh, Preprocess p) {
        FloatBuffer floats = FloatBuffer.allocate(3 * dw * dh);
        ByteBuffer pixels = ByteBuffer.allocate(3 * dw * dh);
        Preprocess rgb = raw(false, p.maxScale());
        Placement expected = ImageKernels.letterbox(image, rx, ry, rw, rh, floats, dw, dh, rgb);
        Placement placed = ImageKernels.letterboxPixels(image, rx, ry, rw, rh, pixels, dw, dh, p);
        assertThat(placed).isEqualTo(expected);
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                for (int c = 0; c < 3; c++) {
                    int value = pixels.get((y * dw + x) * 3 + c) & 0xFF;
                    int reference = Math.round(at(floats, dw, dh, c, y, x));
                    if (value != reference) {
                        throw new AssertionError(
                                String.format(
                                        "%dx%d slot, bgr=%b: pixel %d,%d channel %d is %d, not %d",
                                        dw, dh, p.bgr(), x, y, c, value, reference));
                    }
                }
            }
        }
    }

    private static RgbImage randomImage(int w, int h, long seed) {
        byte[] rgb = new byte[w * h * 3];
        new java.util.SplittableRandom(seed).nextBytes(rgb);
        return new RgbImage(w, h, rgb, 0);
    }

    private static int value(RgbImage image, int x, int y, int channel) {
        return image.rgb()[image.offset() + (y * image.width() + x) * 3 + channel] & 0xFF;
    }

    @Test
    void decodesPngAndJpegToTheRenderedPixels() {
        Frames frames = new Frames(16, 8).fill(0, 0, 8, 8, 255, 0, 0).fill(8, 0, 16, 8, 0, 0, 255);
        RgbImage png = decoder.decode(frames.png("s", 1));
        RgbImage jpeg = decoder.decode(frames.jpeg("s", 2));

        assertThat(png.rgb()).containsExactly(frames.rgb);
        assertThat(value(png, 2, 2, 0)).isEqualTo(255);
        assertThat(value(jpeg, 2, 2, 0)).isGreaterThan(230);
        assertThat(value(jpeg, 12, 2, 0)).isLessThan(25);
    }

    @Test
    void rejectsPayloadsThatDoNotMatchTheFrame() {
        Frames frames = new Frames(16, 8);
        GuestFrame lying =
                GuestFrame.of(
                        "s", 1, FrameEncoding.PNG, 32, 8, frames.png("s", 1).payload().array());
        GuestFrame shortRaw = GuestFrame.of("s", 2, FrameEncoding.RAW_RGB8, 16, 8, new byte[10]);
        GuestFrame garbage = GuestFrame.of("s", 3, FrameEncoding.JPEG, 16, 8, new byte[] {1, 2});
        GuestFrame huge = GuestFrame.of("s", 4, FrameEncoding.JPEG, 100_000, 100_000, new byte[1]);

        // Each its own reason: a corrupt camera, a client's size or length bug, a huge frame.
        assertThatThrownBy(() -> decoder.decode(lying))
                .isInstanceOf(FrameRejectedException.class)
                .hasMessageContaining("payload is a 16x8 image, the frame says 32x8")
                .extracting("reason")
                .isEqualTo(Reason.IMAGE_SIZE_MISMATCH);
        assertThatThrownBy(() -> decoder.decode(shortRaw))
                .hasMessageContaining("RAW_RGB8 payload has 10 bytes; 16x8x3 needs 384")
                .extracting("reason")
                .isEqualTo(Reason.RAW_LENGTH_MISMATCH);
        assertThatThrownBy(() -> decoder.decode(garbage))
                .hasMessageContaining("not a readable JPEG image")
                .extracting("reason")
                .isEqualTo(Reason.CORRUPT_IMAGE);
        assertThatThrownBy(() -> decoder.decode(huge))
                .hasMessageContaining("maxFramePixels")
                .extracting("reason")
                .isEqualTo(Reason.FRAME_TOO_LARGE);
    }

    private static float at(FloatBuffer slot, int w, int h, int c, int y, int x) {
        return slot.get(c * w * h + y * w + x);
    }
}

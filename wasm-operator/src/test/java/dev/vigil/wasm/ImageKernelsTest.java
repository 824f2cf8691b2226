package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
    void decodesPngAndJpegToTheRenderedPixels() {
        Frames frames = new Frames(16, 8).fill(0, 0, 8, 8, 255, 0, 0).fill(8, 0, 16, 8, 0, 0, 255);
        RgbImage png = decoder.decode(frames.png("s", 1));
        RgbImage jpeg = decoder.decode(frames.jpeg("s", 2));

        assertThat(png.rgb()).containsExactly(frames.rgb);
        assertThat(png.red(2, 2)).isEqualTo(255);
        assertThat(jpeg.red(2, 2)).isGreaterThan(230);
        assertThat(jpeg.red(12, 2)).isLessThan(25);
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

        assertThatThrownBy(() -> decoder.decode(lying))
                .isInstanceOf(FrameRejectedException.class)
                .hasMessageContaining("payload is a 16x8 image, the frame says 32x8");
        assertThatThrownBy(() -> decoder.decode(shortRaw))
                .hasMessageContaining("RAW_RGB8 payload has 10 bytes; 16x8x3 needs 384");
        assertThatThrownBy(() -> decoder.decode(garbage))
                .hasMessageContaining("not a readable JPEG image");
        assertThatThrownBy(() -> decoder.decode(huge)).hasMessageContaining("maxFramePixels");
    }

    private static float at(FloatBuffer slot, int w, int h, int c, int y, int x) {
        return slot.get(c * w * h + y * w + x);
    }
}

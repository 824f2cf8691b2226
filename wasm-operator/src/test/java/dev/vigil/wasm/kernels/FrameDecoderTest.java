package dev.vigil.wasm.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.FrameId;
import dev.vigil.wasm.FrameRejection.Reason;
import dev.vigil.wasm.Frames;
import dev.vigil.wasm.GuestFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The decoder's ImageIO path against ImageIO's own {@code ImageIO.read}: the same pixels, whether
 * the image decodes straight into BGR or is drawn into it, and read from the payload's own bytes.
 */
class FrameDecoderTest {
    private final FrameDecoder decoder = new FrameDecoder(10_000_000);

    @Test
    void aColourJpegDecodesToImageIosPixels() throws IOException {
        Frames frames = noise(64, 48);
        GuestFrame jpeg = frames.jpeg("s", 1);

        RgbImage decoded = decoder.decode(jpeg);

        assertThat(decoded.width()).isEqualTo(64);
        assertThat(decoded.height()).isEqualTo(48);
        assertThat(Arrays.mismatch(decoded.rgb(), reference(jpeg.payload().array()))).isEqualTo(-1);
    }

    @Test
    void greyJpegAndAlphaPngAreDrawnIntoRgb() throws IOException {
        for (var encoded :
                new Object[][] {
                    {FrameEncoding.JPEG, encode(BufferedImage.TYPE_BYTE_GRAY, "jpeg")},
                    {FrameEncoding.PNG, encode(BufferedImage.TYPE_INT_ARGB, "png")}
                }) {
            byte[] payload = (byte[]) encoded[1];
            GuestFrame frame = GuestFrame.of("s", 1, (FrameEncoding) encoded[0], 32, 16, payload);

            RgbImage decoded = decoder.decode(frame);

            assertThat(Arrays.mismatch(decoded.rgb(), reference(payload)))
                    .as("%s", encoded[0])
                    .isEqualTo(-1);
        }
    }

    @Test
    void readsAPayloadThatIsAViewIntoALargerBuffer() throws IOException {
        byte[] jpeg = noise(32, 24).jpeg("s", 1).payload().array();
        byte[] record = new byte[jpeg.length + 20];
        System.arraycopy(jpeg, 0, record, 7, jpeg.length);
        ByteBuffer view = ByteBuffer.wrap(record, 7, jpeg.length);
        GuestFrame frame = new GuestFrame(new FrameId("s", 1), FrameEncoding.JPEG, 32, 24, view);

        RgbImage decoded = decoder.decode(frame);

        assertThat(Arrays.mismatch(decoded.rgb(), reference(jpeg))).isEqualTo(-1);
        assertThat(view.position()).isEqualTo(7);
    }

    @Test
    void readsAPayloadInADirectBuffer() throws IOException {
        byte[] jpeg = noise(32, 24).jpeg("s", 1).payload().array();
        ByteBuffer direct = ByteBuffer.allocateDirect(jpeg.length).put(jpeg).flip();
        GuestFrame frame = new GuestFrame(new FrameId("s", 1), FrameEncoding.JPEG, 32, 24, direct);

        assertThat(Arrays.mismatch(decoder.decode(frame).rgb(), reference(jpeg))).isEqualTo(-1);
    }

    @Test
    void aCorruptJpegIsRejectedAndTheNextFrameStillDecodes() throws IOException {
        byte[] header = {(byte) 0xFF, (byte) 0xD8, 0, 0, 0, 0, 0, 0};
        GuestFrame corrupt = GuestFrame.of("s", 1, FrameEncoding.JPEG, 16, 8, header);
        GuestFrame png = GuestFrame.of("s", 2, FrameEncoding.JPEG, 16, 8, pngBytes());
        GuestFrame good = noise(16, 8).jpeg("s", 3);

        assertThatThrownBy(() -> decoder.decode(corrupt))
                .isInstanceOf(FrameRejectedException.class)
                .hasMessageContaining("cannot decode the JPEG payload")
                .extracting("reason")
                .isEqualTo(Reason.CORRUPT_IMAGE);
        // A PNG sent as JPEG: the encoding is the producer's claim, checked, not guessed.
        assertThatThrownBy(() -> decoder.decode(png))
                .hasMessageContaining("not a readable JPEG image")
                .extracting("reason")
                .isEqualTo(Reason.CORRUPT_IMAGE);
        assertThat(Arrays.mismatch(decoder.decode(good).rgb(), reference(good.payload().array())))
                .isEqualTo(-1);
    }

    private static Frames noise(int width, int height) {
        Frames frames = new Frames(width, height);
        new SplittableRandom(width).nextBytes(frames.rgb);
        return frames;
    }

    private static byte[] pngBytes() {
        return new Frames(16, 8).png("s", 1).payload().array();
    }

    /** A 32x16 gradient of {@code type}, encoded. */
    private static byte[] encode(int type, String format) throws IOException {
        BufferedImage image = new BufferedImage(32, 16, type);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                image.setRGB(x, y, 0xFF000000 | (x * 8) << 16 | (y * 16) << 8 | 0x40);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    /**
     * ImageIO's own decode of {@code payload}, as packed RGB; a grey level is repeated in each
     * channel as it is (getRGB would convert it from linear grey).
     */
    private static byte[] reference(byte[] payload) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(payload));
        byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb =
                        image.getType() == BufferedImage.TYPE_BYTE_GRAY
                                ? image.getRaster().getSample(x, y, 0) * 0x010101
                                : image.getRGB(x, y);
                int i = (y * image.getWidth() + x) * 3;
                rgb[i] = (byte) (argb >> 16);
                rgb[i + 1] = (byte) (argb >> 8);
                rgb[i + 2] = (byte) argb;
            }
        }
        return rgb;
    }
}

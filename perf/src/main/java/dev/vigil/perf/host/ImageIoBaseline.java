package dev.vigil.perf.host;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes that are not the host's: the decoder as it was before issue 20 (the baseline each step is
 * measured against), and decoding at a reduced scale, which the host does not do.
 */
final class ImageIoBaseline {
    private static final ImageTypeSpecifier BGR =
            ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_3BYTE_BGR);

    private ImageIoBaseline() {}

    /**
     * FrameDecoder before issue 20, to the byte: ImageIO's stream over a copy cache (a temporary
     * file when {@code ImageIO.getUseCache()}), a reader looked up by content per frame, the
     * decoded image converted or cloned, then swapped to RGB.
     */
    static byte[] before(byte[] payload) {
        BufferedImage image;
        try (ImageInputStream in =
                ImageIO.createImageInputStream(new ByteArrayInputStream(payload))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                reader.getWidth(0);
                reader.getHeight(0);
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BufferedImage bgr = image;
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            bgr =
                    new BufferedImage(
                            image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            bgr.getGraphics().drawImage(image, 0, 0, null);
        }
        byte[] data = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        byte[] rgb = bgr == image ? data.clone() : data;
        swap(rgb);
        return rgb;
    }

    /**
     * Every {@code factor}-th pixel of every {@code factor}-th row, decoded straight into BGR and
     * swapped to RGB: libjpeg still decodes every block, but the colour conversion and the image
     * are {@code factor^2} times smaller.
     */
    static byte[] subsampled(ImageReader reader, byte[] payload, int factor) {
        // ImageIO's in-memory stream copies the payload once (~0.1 MB), a small part of a decode.
        try (ImageInputStream in =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(payload))) {
            reader.setInput(in, true, true);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(factor, factor, 0, 0);
            param.setDestinationType(BGR);
            BufferedImage image = reader.read(0, param);
            byte[] rgb = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            swap(rgb);
            return rgb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            reader.setInput(null);
        }
    }

    private static void swap(byte[] rgb) {
        for (int i = 0; i < rgb.length; i += 3) {
            byte blue = rgb[i];
            rgb[i] = rgb[i + 2];
            rgb[i + 2] = blue;
        }
    }
}

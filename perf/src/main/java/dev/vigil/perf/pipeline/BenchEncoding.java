package dev.vigil.perf.pipeline;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * How the harness's frames travel, as a camera would send them: JPEG (what a fleet sends, quality
 * {@value #JPEG_QUALITY}), PNG, or RAW RGB8. Payloads are encoded once, before any run, so encoding
 * is never part of a measurement. The host-cost steps ({@code dev.vigil.perf.host}) encode with it
 * too.
 */
public enum BenchEncoding {
    JPEG(dev.vigil.schemas.FrameEncoding.JPEG, dev.vigil.wasm.FrameEncoding.JPEG),
    PNG(dev.vigil.schemas.FrameEncoding.PNG, dev.vigil.wasm.FrameEncoding.PNG),
    RAW(dev.vigil.schemas.FrameEncoding.RAW_RGB8, dev.vigil.wasm.FrameEncoding.RAW_RGB8);

    /** ImageIO's JPEG quality, 0..1: what IP cameras default to (about 85 of 100). */
    public static final float JPEG_QUALITY = 0.85f;

    final dev.vigil.schemas.FrameEncoding schema;
    final dev.vigil.wasm.FrameEncoding guest;

    BenchEncoding(dev.vigil.schemas.FrameEncoding schema, dev.vigil.wasm.FrameEncoding guest) {
        this.schema = schema;
        this.guest = guest;
    }

    static BenchEncoding parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--encoding " + name + ": expected JPEG, PNG or RAW", e);
        }
    }

    /** The payload of {@code image} (TYPE_3BYTE_BGR or TYPE_INT_RGB) in this encoding. */
    public byte[] encode(BufferedImage image) {
        return switch (this) {
            case RAW -> rgb(image);
            case PNG -> write(image, "png", null);
            case JPEG -> write(image, "jpeg", JPEG_QUALITY);
        };
    }

    private static byte[] rgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] rgb = new byte[width * height * 3];
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int at = (y * width + x) * 3;
                rgb[at] = (byte) (row[x] >> 16);
                rgb[at + 1] = (byte) (row[x] >> 8);
                rgb[at + 2] = (byte) row[x];
            }
        }
        return rgb;
    }

    private static byte[] write(BufferedImage image, String format, Float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "ImageIO could not encode a "
                            + image.getWidth()
                            + "x"
                            + image.getHeight()
                            + " bench frame as "
                            + format,
                    e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}

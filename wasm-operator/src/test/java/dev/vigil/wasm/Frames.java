package dev.vigil.wasm;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/** Frames rendered by tests: an RGB8 canvas with filled rectangles, encoded as asked. */
public final class Frames {
    public final int width;
    public final int height;
    public final byte[] rgb;

    public Frames(int width, int height) {
        this.width = width;
        this.height = height;
        this.rgb = new byte[width * height * 3];
    }

    /** Fills {@code [x0, x1) x [y0, y1)} with one colour. */
    public Frames fill(int x0, int y0, int x1, int y1, int r, int g, int b) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int i = (y * width + x) * 3;
                rgb[i] = (byte) r;
                rgb[i + 1] = (byte) g;
                rgb[i + 2] = (byte) b;
            }
        }
        return this;
    }

    public Frames white(int x0, int y0, int x1, int y1) {
        return fill(x0, y0, x1, y1, 255, 255, 255);
    }

    public GuestFrame raw(String source, long sequence) {
        return GuestFrame.of(source, sequence, FrameEncoding.RAW_RGB8, width, height, rgb.clone());
    }

    public GuestFrame png(String source, long sequence) {
        return GuestFrame.of(source, sequence, FrameEncoding.PNG, width, height, encode("png"));
    }

    public GuestFrame jpeg(String source, long sequence) {
        return GuestFrame.of(source, sequence, FrameEncoding.JPEG, width, height, encode("jpeg"));
    }

    public BufferedImage image() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                image.setRGB(
                        x,
                        y,
                        (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF));
            }
        }
        return image;
    }

    private byte[] encode(String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (format.equals("jpeg")) {
                ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.95f);
                try (var stream = ImageIO.createImageOutputStream(out)) {
                    writer.setOutput(stream);
                    writer.write(null, new IIOImage(image(), null, null), param);
                }
                writer.dispose();
            } else {
                ImageIO.write(image(), format, out);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.vigil.nn.testing;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * A camera frame of signs for the text-detection tests of every module: dark text drawn with Java2D
 * on a light background, with the pixel bounds of each caption, so a test knows where the text is.
 * Shipped in nn-backend's test jar.
 *
 * @param text the pixel bounds of each caption, in the order given
 */
public record TextScene(BufferedImage image, List<Rectangle> text) {

    /** One line of text: its top-left at {@code x}, its baseline at {@code baseline}. */
    public record Caption(String text, int x, int baseline, int size) {}

    public static TextScene render(int width, int height, Caption... captions) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(235, 232, 224));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(20, 24, 32));
        List<Rectangle> boxes = new ArrayList<>();
        for (Caption caption : captions) {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, caption.size()));
            g.drawString(caption.text(), caption.x(), caption.baseline());
            boxes.add(
                    g.getFont()
                            .createGlyphVector(g.getFontRenderContext(), caption.text())
                            .getPixelBounds(
                                    g.getFontRenderContext(), caption.x(), caption.baseline()));
        }
        g.dispose();
        return new TextScene(image, List.copyOf(boxes));
    }

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    /**
     * The frame encoded as {@code "jpeg"} (quality 0.85, as a camera might send) or {@code "png"}.
     */
    public byte[] encode(String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format.equals("jpeg")) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.85f);
            }
            try (var stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            writer.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

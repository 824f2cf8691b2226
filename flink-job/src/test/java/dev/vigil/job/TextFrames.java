package dev.vigil.job;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** JPEG frames with dark text drawn where a test wants it, as a camera would see a sign. */
final class TextFrames {
    static final int WIDTH = 640;
    static final int HEIGHT = 480;

    private TextFrames() {}

    /** A rendered frame and the pixel bounds of its text (empty for a blank frame). */
    record Rendered(byte[] jpeg, Rectangle text) {}

    static Rendered render(String text, int x, int baseline) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(235, 232, 224));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        Rectangle bounds = new Rectangle();
        if (text != null) {
            g.setColor(new Color(20, 24, 32));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 56));
            g.drawString(text, x, baseline);
            bounds =
                    g.getFont()
                            .createGlyphVector(g.getFontRenderContext(), text)
                            .getPixelBounds(g.getFontRenderContext(), x, baseline);
        }
        g.dispose();
        return new Rendered(jpeg(image), bounds);
    }

    private static byte[] jpeg(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.schemas.NormalizedBox;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A frame drawn with what the job found in it: every box of its detection record in yellow, and the
 * alert it raised (if any) in red with its rule and label above; the text a reader read in a box
 * (and the watchlist entry an alert matched) under it. Used by {@code vigil alerts --render} and by
 * the live alerts page.
 */
final class FramePicture {
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private FramePicture() {}

    /** {@code frame} with {@code boxes} in yellow and {@code alert} (may be null) in red. */
    static BufferedImage draw(Frame frame, List<DetectedBox> boxes, Alert alert) {
        BufferedImage image = decode(frame);
        Graphics2D g = image.createGraphics();
        try {
            g.setFont(LABEL_FONT);
            for (DetectedBox box : boxes) {
                draw(g, image, box.getBox(), Color.YELLOW, 2, null, box.getText());
            }
            if (alert != null) {
                String label =
                        String.format(
                                "%s: %s #%d %.2f",
                                alert.getRule(),
                                alert.getLabel(),
                                alert.getTrackId(),
                                alert.getScore());
                String text =
                        alert.getWatchEntry() == null
                                ? alert.getText()
                                : alert.getText() + " = " + alert.getWatchEntry();
                draw(g, image, alert.getBox(), Color.RED, 4, label, text);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** {@code image} encoded as PNG. */
    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void draw(
            Graphics2D g,
            BufferedImage image,
            NormalizedBox box,
            Color color,
            int width,
            String label,
            String text) {
        Rectangle r = pixels(box, image.getWidth(), image.getHeight());
        g.setColor(color);
        g.setStroke(new BasicStroke(width));
        g.draw(r);
        FontMetrics metrics = g.getFontMetrics();
        if (label != null) {
            int y = r.y > metrics.getHeight() + 4 ? r.y - 4 : r.y + r.height + metrics.getHeight();
            g.drawString(label, r.x, y);
        }
        if (text != null) {
            // Under the box on a dark strip, so it reads on any frame.
            Rectangle strip =
                    new Rectangle(
                            r.x,
                            r.y + r.height + width,
                            metrics.stringWidth(text) + 6,
                            metrics.getHeight() + 2);
            g.setColor(Color.BLACK);
            g.fill(strip);
            g.setColor(color);
            g.drawString(text, strip.x + 3, strip.y + 1 + metrics.getAscent());
        }
    }

    static Rectangle pixels(NormalizedBox box, int width, int height) {
        int x = Math.round(box.getXMin() * width);
        int y = Math.round(box.getYMin() * height);
        return new Rectangle(
                x,
                y,
                Math.round(box.getXMax() * width) - x,
                Math.round(box.getYMax() * height) - y);
    }

    /** The frame as an RGB image that can be drawn on. */
    static BufferedImage decode(Frame frame) {
        ByteBuffer payload = frame.getPayload().duplicate();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        if (frame.getEncoding() == FrameEncoding.RAW_RGB8) {
            BufferedImage image =
                    new BufferedImage(
                            frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
            for (int i = 0, p = 0; p < frame.getWidth() * frame.getHeight(); p++, i += 3) {
                int rgb =
                        (bytes[i] & 0xFF) << 16 | (bytes[i + 1] & 0xFF) << 8 | bytes[i + 2] & 0xFF;
                image.setRGB(p % frame.getWidth(), p / frame.getWidth(), rgb);
            }
            return image;
        }
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
            if (decoded == null) {
                throw new CliException(
                        "Frame "
                                + frame.getSequence()
                                + " of "
                                + frame.getSourceId()
                                + " is not a readable "
                                + frame.getEncoding()
                                + " image");
            }
            BufferedImage rgb =
                    new BufferedImage(
                            decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.createGraphics().drawImage(decoded, 0, 0, null);
            return rgb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

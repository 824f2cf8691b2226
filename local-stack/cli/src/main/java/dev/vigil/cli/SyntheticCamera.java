package dev.vigil.cli;

import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A camera that films a synthetic scene: a yard with a fixed sign and a number plate that drives
 * across the frame. The text is drawn at places the camera knows, so a text detector's answer can
 * be checked against {@link Scene#textBoxes()}.
 */
public final class SyntheticCamera implements FrameSource {
    private static final Font SIGN_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 40);
    private static final Font PLATE_FONT = new Font(Font.MONOSPACED, Font.BOLD, 32);

    private final String sourceId;
    private final int width;
    private final int height;

    public SyntheticCamera(String sourceId, int width, int height) {
        this.sourceId = sourceId;
        this.width = width;
        this.height = height;
    }

    @Override
    public String sourceId() {
        return sourceId;
    }

    /** One rendered frame and where its text is, in pixels. */
    public record Scene(BufferedImage image, List<Rectangle> textBoxes) {}

    /** Renders the scene as it looks at frame {@code sequence}. */
    public Scene render(long sequence) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(70, 90, 110), 0, height, Color.GRAY));
            g.fillRect(0, 0, width, height);
            Rectangle sign =
                    drawLabel(
                            g,
                            SIGN_FONT,
                            "DOCK " + (Math.floorMod(sourceId.hashCode(), 9) + 1),
                            20,
                            20);
            int plateX = (int) (20 + (sequence * 8) % Math.max(1, width - 200));
            Rectangle plate =
                    drawLabel(g, PLATE_FONT, "AB-" + (100 + sequence % 900), plateX, height - 80);
            return new Scene(image, List.of(sign, plate));
        } finally {
            g.dispose();
        }
    }

    /** The scene at {@code sequence} as a JPEG {@link Frame}. */
    @Override
    public Frame frame(long sequence, Instant captureTime) {
        return Frame.newBuilder()
                .setSourceId(sourceId)
                .setSequence(sequence)
                .setCaptureTime(captureTime)
                .setEncoding(FrameEncoding.JPEG)
                .setWidth(width)
                .setHeight(height)
                .setPayload(ByteBuffer.wrap(jpeg(render(sequence).image())))
                .setAttributes(Map.of("camera", "synthetic"))
                .build();
    }

    /** Black text on a white board; returns the board's box. */
    private static Rectangle drawLabel(Graphics2D g, Font font, String text, int x, int y) {
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();
        int padding = 6;
        Rectangle board =
                new Rectangle(
                        x,
                        y,
                        metrics.stringWidth(text) + 2 * padding,
                        metrics.getAscent() + metrics.getDescent() + 2 * padding);
        g.setColor(Color.WHITE);
        g.fill(board);
        g.setColor(Color.BLACK);
        g.drawString(text, x + padding, y + padding + metrics.getAscent());
        return board;
    }

    private static byte[] jpeg(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IllegalStateException("This JDK has no JPEG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

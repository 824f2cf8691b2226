package dev.vigil.cli;

import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import java.awt.BasicStroke;
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
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A camera that films a synthetic scene: a yard with a fixed sign, and cars whose number plates
 * drive across the frame, one car every {@value #FRAMES_PER_CAR} frames. The text is drawn at
 * places the camera knows and each plate's text is known ({@link #plateAt}), so a text detector's
 * boxes can be checked against {@link Scene#textBoxes()} and a reader's text against the plate.
 *
 * <p>Plates have real shapes (French AB-123-CD, Dutch 12-ABC-3 on yellow, US 7ABC123), black on
 * white or yellow, letters without I, O and Q as plate schemes do, about 40 px high. A camera may
 * be given a watched plate: every other car it films carries it, so a watchlist alert shows.
 */
public final class SyntheticCamera implements FrameSource {
    /** Frames one car takes to cross; the next car's plate starts again on the left. */
    public static final int FRAMES_PER_CAR = 8;

    private static final Font SIGN_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 40);
    private static final Font PLATE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 40);
    private static final String LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";
    private static final int STEP_PX = 24;
    private static final Color PLATE_YELLOW = new Color(250, 210, 20);

    private final String sourceId;
    private final int width;
    private final int height;
    private final String watchedPlate;

    public SyntheticCamera(String sourceId, int width, int height) {
        this(sourceId, width, height, null);
    }

    /** A camera of which every other car carries {@code watchedPlate} (null: none). */
    public SyntheticCamera(String sourceId, int width, int height, String watchedPlate) {
        this.sourceId = sourceId;
        this.width = width;
        this.height = height;
        this.watchedPlate = watchedPlate;
    }

    /** The car in view at frame {@code sequence}; its plate is the same in all its frames. */
    public static long carAt(long sequence) {
        return Math.floorDiv(sequence, FRAMES_PER_CAR);
    }

    /** The sign's text: fixed, one per camera. */
    public String sign() {
        return "DOCK " + (Math.floorMod(sourceId.hashCode(), 9) + 1);
    }

    /** The plate in view at frame {@code sequence}, as written on it. */
    public String plateAt(long sequence) {
        long car = carAt(sequence);
        if (watchedPlate != null && Math.floorMod(car, 2) == 0) {
            return watchedPlate;
        }
        Random random = new Random(sourceId.hashCode() * 1_000_003L + car);
        return switch (random.nextInt(3)) {
            case 0 -> letters(random, 2) + "-" + digits(random, 3) + "-" + letters(random, 2);
            case 1 -> digits(random, 2) + "-" + letters(random, 3) + "-" + digits(random, 1);
            default -> digits(random, 1) + letters(random, 3) + digits(random, 3);
        };
    }

    @Override
    public String sourceId() {
        return sourceId;
    }

    /**
     * One rendered frame and where its text is, in pixels: the sign's board, then the plate's.
     *
     * @param plate the text on the plate
     */
    public record Scene(BufferedImage image, List<Rectangle> textBoxes, String plate) {}

    /** Renders the scene as it looks at frame {@code sequence}. */
    public Scene render(long sequence) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(70, 90, 110), 0, height, Color.GRAY));
            g.fillRect(0, 0, width, height);
            Rectangle sign = drawLabel(g, SIGN_FONT, sign(), 20, 20, Color.WHITE);
            String text = plateAt(sequence);
            // 40 px letters on a 640 px frame, smaller on smaller frames so the plate fits.
            Font font = PLATE_FONT.deriveFont((float) Math.max(12, Math.min(40, width / 16)));
            int plateWidth = g.getFontMetrics(font).stringWidth(text) + 16;
            int step = Math.max(0, Math.min(STEP_PX, (width - plateWidth - 40) / FRAMES_PER_CAR));
            int plateX = 20 + (int) Math.floorMod(sequence, FRAMES_PER_CAR) * step;
            Color board =
                    Character.isDigit(text.charAt(0)) && text.contains("-")
                            ? PLATE_YELLOW
                            : Color.WHITE;
            int plateY = height - g.getFontMetrics(font).getHeight() - 40;
            Rectangle plate = drawLabel(g, font, text, plateX, plateY, board);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(3));
            g.draw(plate);
            return new Scene(image, List.of(sign, plate), text);
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

    /** Black text on a board of {@code board}'s colour; returns the board's box. */
    private static Rectangle drawLabel(
            Graphics2D g, Font font, String text, int x, int y, Color background) {
        g.setFont(font);
        FontMetrics metrics = g.getFontMetrics();
        int padding = 8;
        Rectangle board =
                new Rectangle(
                        x,
                        y,
                        metrics.stringWidth(text) + 2 * padding,
                        metrics.getAscent() + metrics.getDescent() + 2 * padding);
        g.setColor(background);
        g.fill(board);
        g.setColor(Color.BLACK);
        g.drawString(text, x + padding, y + padding + metrics.getAscent());
        return board;
    }

    private static String letters(Random random, int count) {
        StringBuilder text = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            text.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return text.toString();
    }

    private static String digits(Random random, int count) {
        StringBuilder text = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            text.append((char) ('0' + random.nextInt(10)));
        }
        return text.toString();
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

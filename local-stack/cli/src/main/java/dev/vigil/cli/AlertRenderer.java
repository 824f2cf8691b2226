package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Draws each alert onto the frame that raised it and writes it as a PNG: the alert's box in red
 * with its label above and the text read in it below, and every box the detector found in that
 * frame in yellow, with its text below when a reader read one. Frames and detections are kept for
 * the most recent {@value #KEPT_FRAMES} frames, so an alert must come within that many frames of
 * its own.
 *
 * <p>An alert usually arrives before its frame's detection record, which becomes visible only when
 * the job's checkpoint commits it: such an alert waits for the record, and {@link #close()} draws
 * whatever still waits with the boxes at hand.
 */
final class AlertRenderer implements OutputReader.Listener, AutoCloseable {
    private static final int KEPT_FRAMES = 500;
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private final Path dir;
    private final Map<FrameKey, Frame> frames = recent();
    private final Map<FrameKey, List<DetectedBox>> boxes = recent();
    private final Map<FrameKey, List<Alert>> waiting = waitingAtMostForRecentFrames();

    AlertRenderer(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CliException("Cannot create " + dir + " for the rendered alerts: " + e);
        }
    }

    @Override
    public void frame(Frame frame) {
        frames.put(FrameKey.of(frame.getSourceId(), frame.getSequence()), frame);
    }

    @Override
    public void detection(Detection detection) {
        FrameKey key = FrameKey.of(detection.getSourceId(), detection.getSequence());
        boxes.put(key, detection.getBoxes());
        List<Alert> alerts = waiting.remove(key);
        if (alerts != null) {
            alerts.forEach(this::renderOrExplain);
        }
    }

    /** Renders {@code alert} once its frame's detection record is here. */
    @Override
    public void alert(Alert alert) {
        FrameKey key = FrameKey.of(alert.getSourceId(), alert.getLastSequence());
        if (boxes.containsKey(key)) {
            renderOrExplain(alert);
        } else {
            waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(alert);
        }
    }

    /** Renders the alerts still waiting for their detection record, without its boxes. */
    @Override
    public void close() {
        waiting.values().forEach(alerts -> alerts.forEach(this::renderOrExplain));
        waiting.clear();
    }

    private void renderOrExplain(Alert alert) {
        render(alert)
                .ifPresentOrElse(
                        file -> System.out.println("rendered " + file),
                        () ->
                                System.err.printf(
                                        "vigil: cannot render alert %s: frame %d of %s was not"
                                                + " read since this command started (add"
                                                + " --from-beginning)%n",
                                        alert.getAlertId(),
                                        alert.getLastSequence(),
                                        alert.getSourceId()));
    }

    /** The PNG written for {@code alert}; empty when its frame is not at hand. */
    Optional<Path> render(Alert alert) {
        FrameKey key = FrameKey.of(alert.getSourceId(), alert.getLastSequence());
        Frame frame = frames.get(key);
        if (frame == null) {
            return Optional.empty();
        }
        BufferedImage image = decode(frame);
        Graphics2D g = image.createGraphics();
        try {
            g.setFont(LABEL_FONT);
            for (DetectedBox box : boxes.getOrDefault(key, List.of())) {
                draw(g, image, box.getBox(), Color.YELLOW, 2, null, box.getText());
            }
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
        } finally {
            g.dispose();
        }
        Path file =
                dir.resolve(
                        String.format(
                                "%s-%06d-%s.png",
                                alert.getSourceId().replaceAll("[^A-Za-z0-9._-]", "_"),
                                alert.getLastSequence(),
                                alert.getAlertId().substring(0, 8)));
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return Optional.of(file);
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

    /** Alerts by frame; those of a frame too old to expect its detection any more are drawn. */
    private Map<FrameKey, List<Alert>> waitingAtMostForRecentFrames() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<FrameKey, List<Alert>> eldest) {
                if (size() <= KEPT_FRAMES) {
                    return false;
                }
                eldest.getValue().forEach(AlertRenderer.this::renderOrExplain);
                return true;
            }
        };
    }

    private static <V> Map<FrameKey, V> recent() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<FrameKey, V> eldest) {
                return size() > KEPT_FRAMES;
            }
        };
    }
}

package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Draws each alert onto the frame that raised it ({@link FramePicture}) and writes it as a PNG.
 * Frames and detections are kept for the most recent {@value #KEPT_FRAMES} frames, so an alert must
 * come within that many frames of its own.
 *
 * <p>An alert usually arrives before its frame's detection record, which becomes visible only when
 * the job's checkpoint commits it: such an alert waits for the record, and {@link #close()} draws
 * whatever still waits with the boxes at hand.
 */
final class AlertRenderer implements OutputReader.Listener, AutoCloseable {
    private static final int KEPT_FRAMES = 500;

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
        BufferedImage image = FramePicture.draw(frame, boxes.getOrDefault(key, List.of()), alert);
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

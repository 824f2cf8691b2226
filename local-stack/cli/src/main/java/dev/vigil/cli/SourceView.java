package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Frame;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One source as the live alerts page knows it: its last frames (at most {@code keptFrames}, with
 * their detection records' boxes), its rate and its last alert. Not thread-safe: {@link LiveView}
 * guards it.
 */
final class SourceView {
    /** The frames/s figure is over the frames captured in this window before the latest one. */
    static final Duration RATE_WINDOW = Duration.ofSeconds(5);

    /** What a source's panel shows; {@code lastSequence} is -1 before its first frame. */
    record Summary(
            String sourceId,
            long frames,
            long lastSequence,
            Instant lastCapture,
            double framesPerSecond,
            Alert lastAlert) {}

    private final String sourceId;
    private final Map<Long, Frame> frames;
    private final Map<Long, List<DetectedBox>> boxes;
    private long seen;
    private Frame last;
    private Alert lastAlert;

    SourceView(String sourceId, int keptFrames) {
        this.sourceId = sourceId;
        this.frames = recent(keptFrames);
        this.boxes = recent(keptFrames);
    }

    void frame(Frame frame) {
        frames.put(frame.getSequence(), frame);
        seen++;
        if (last == null || frame.getSequence() > last.getSequence()) {
            last = frame;
        }
    }

    void detection(long sequence, List<DetectedBox> found) {
        boxes.put(sequence, found);
    }

    void alert(Alert alert) {
        lastAlert = alert;
    }

    /** The frame {@code sequence}, or null when it is not held. */
    Frame frame(long sequence) {
        return frames.get(sequence);
    }

    /** The boxes of frame {@code sequence}; none before its detection record is read. */
    List<DetectedBox> boxes(long sequence) {
        return boxes.getOrDefault(sequence, List.of());
    }

    Summary summary() {
        return new Summary(
                sourceId,
                seen,
                last == null ? -1 : last.getSequence(),
                last == null ? null : last.getCaptureTime(),
                framesPerSecond(),
                lastAlert);
    }

    /**
     * The source's own rate, from the capture times of the frames held within {@link #RATE_WINDOW}
     * of the latest: not the rate this reader read them at, which a backlog would inflate.
     */
    private double framesPerSecond() {
        if (last == null) {
            return 0;
        }
        Instant newest = last.getCaptureTime();
        Instant from = newest.minus(RATE_WINDOW);
        Instant oldest = newest;
        int count = 0;
        for (Frame frame : frames.values()) {
            Instant capture = frame.getCaptureTime();
            if (!capture.isBefore(from) && !capture.isAfter(newest)) {
                count++;
                oldest = capture.isBefore(oldest) ? capture : oldest;
            }
        }
        long millis = Duration.between(oldest, newest).toMillis();
        return count < 2 || millis == 0 ? 0 : (count - 1) * 1000.0 / millis;
    }

    private static <V> Map<Long, V> recent(int kept) {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > kept;
            }
        };
    }
}

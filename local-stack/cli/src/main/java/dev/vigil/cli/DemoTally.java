package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.text.TextNormal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the demo saw come out of the job for its own frames — those with sequence numbers from
 * {@code firstSequence} on, so that frames an earlier run left in the topic do not count: detection
 * records, the boxes in them, alerts and dead letters, which frames have been accounted for by a
 * detection record or a dead letter, and which of the plates the cameras showed were read.
 *
 * <p>A plate is one car's passage across one camera ({@link SyntheticCamera#carAt}); it counts as
 * read when a box in any of its frames holds its text exactly, compared as the watchlist compares
 * ({@link TextNormal}: case, separators and the O/0, I/1 glyphs aside). Each plate is printed as it
 * is first read, and the first misreading of each, so that a reader's mistakes show as they happen.
 */
final class DemoTally implements OutputReader.Listener {
    /** Share of the plates shown that must be read for the demo to pass. */
    static final double PLATES_TO_READ = 0.9;

    private final long firstSequence;
    private final Map<String, SyntheticCamera> cameras = new HashMap<>();
    private final Consumer<String> say;
    private final Set<FrameKey> accounted = new HashSet<>();
    private final Set<Plate> read = new HashSet<>();
    private final Set<Plate> misread = new HashSet<>();
    private long detections;
    private long boxes;
    private long alerts;
    private long deadLetters;

    /**
     * @param cameras the demo's cameras, whose plates it knows
     * @param say where a plate read (or misread) is told as it arrives
     */
    DemoTally(long firstSequence, List<SyntheticCamera> cameras, Consumer<String> say) {
        this.firstSequence = firstSequence;
        cameras.forEach(camera -> this.cameras.put(camera.sourceId(), camera));
        this.say = say;
    }

    /** One car's passage across one camera. */
    private record Plate(String sourceId, long car) {}

    @Override
    public void detection(Detection detection) {
        if (detection.getSequence() < firstSequence) {
            return;
        }
        detections++;
        boxes += detection.getBoxes().size();
        accounted.add(FrameKey.of(detection.getSourceId(), detection.getSequence()));
        SyntheticCamera camera = cameras.get(detection.getSourceId());
        if (camera != null) {
            detection.getBoxes().stream()
                    .filter(box -> box.getText() != null)
                    .forEach(box -> plate(camera, detection.getSequence(), box));
        }
    }

    private void plate(SyntheticCamera camera, long sequence, DetectedBox box) {
        String shown = camera.plateAt(sequence);
        String text = TextNormal.of(box.getText());
        Plate plate = new Plate(camera.sourceId(), SyntheticCamera.carAt(sequence));
        if (text.equals(TextNormal.of(shown))) {
            if (read.add(plate)) {
                say.accept(
                        String.format(
                                "plate %s read on %s (frame %d, text score %.2f)",
                                box.getText(), camera.sourceId(), sequence, box.getTextScore()));
            }
        } else if (!partOfTheSign(camera, text) && misread.add(plate)) {
            say.accept(
                    String.format(
                            "plate %s on %s read as '%s' (frame %d)",
                            shown, camera.sourceId(), box.getText(), sequence));
        }
    }

    @Override
    public void alert(Alert alert) {
        if (alert.getLastSequence() >= firstSequence) {
            alerts++;
        }
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        // One without a sequence could not be read at all: count it, it may be ours.
        if (deadLetter.getSequence() != null && deadLetter.getSequence() < firstSequence) {
            return;
        }
        deadLetters++;
        if (deadLetter.getSourceId() != null && deadLetter.getSequence() != null) {
            accounted.add(FrameKey.of(deadLetter.getSourceId(), deadLetter.getSequence()));
        }
    }

    /**
     * Frames of {@code sent} (per source, sequences from the first) with neither result nor DLQ.
     */
    long lost(Map<String, Long> sent) {
        long lost = 0;
        for (Map.Entry<String, Long> source : sent.entrySet()) {
            for (long i = 0; i < source.getValue(); i++) {
                long sequence = firstSequence + i;
                if (!accounted.contains(FrameKey.of(source.getKey(), sequence))) {
                    lost++;
                }
            }
        }
        return lost;
    }

    long detections() {
        return detections;
    }

    long boxes() {
        return boxes;
    }

    long alerts() {
        return alerts;
    }

    /** The sign's text or a piece of it: read right, and no plate. */
    private static boolean partOfTheSign(SyntheticCamera camera, String text) {
        return !text.isEmpty() && TextNormal.of(camera.sign()).contains(text);
    }

    long deadLetters() {
        return deadLetters;
    }

    /** Plates shown in the frames of {@code sent}: one per car per camera. */
    long platesShown(Map<String, Long> sent) {
        long shown = 0;
        for (Map.Entry<String, Long> source : sent.entrySet()) {
            if (cameras.containsKey(source.getKey()) && source.getValue() > 0) {
                long last = firstSequence + source.getValue() - 1;
                shown += SyntheticCamera.carAt(last) - SyntheticCamera.carAt(firstSequence) + 1;
            }
        }
        return shown;
    }

    long platesRead() {
        return read.size();
    }

    /** Whether at least {@link #PLATES_TO_READ} of the plates shown were read. */
    boolean readEnough(Map<String, Long> sent) {
        long shown = platesShown(sent);
        return shown > 0 && platesRead() >= PLATES_TO_READ * shown;
    }

    /** The summary line the demo ends with. */
    String summary(Map<String, Long> sent) {
        long frames = sent.values().stream().mapToLong(Long::longValue).sum();
        return String.format(
                "demo: frames=%d detections=%d alerts=%d dlq=%d lost=%d plates_read=%d/%d",
                frames,
                detections,
                alerts,
                deadLetters,
                lost(sent),
                platesRead(),
                platesShown(sent));
    }
}

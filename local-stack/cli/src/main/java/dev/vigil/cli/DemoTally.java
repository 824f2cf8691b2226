package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Detection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the demo saw come out of the job: detection records, the boxes in them, alerts and dead
 * letters, and which frames have been accounted for by a detection record or a dead letter.
 */
final class DemoTally implements OutputReader.Listener {
    private final Set<String> accounted = new HashSet<>();
    private long detections;
    private long boxes;
    private long alerts;
    private long deadLetters;

    @Override
    public void detection(Detection detection) {
        detections++;
        boxes += detection.getBoxes().size();
        accounted.add(key(detection.getSourceId(), detection.getSequence()));
    }

    @Override
    public void alert(Alert alert) {
        alerts++;
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        deadLetters++;
        if (deadLetter.getSourceId() != null && deadLetter.getSequence() != null) {
            accounted.add(key(deadLetter.getSourceId(), deadLetter.getSequence()));
        }
    }

    /** Frames of {@code sent} (per source, sequences from 0) with neither a result nor a DLQ. */
    long lost(Map<String, Long> sent) {
        long lost = 0;
        for (Map.Entry<String, Long> source : sent.entrySet()) {
            for (long sequence = 0; sequence < source.getValue(); sequence++) {
                if (!accounted.contains(key(source.getKey(), sequence))) {
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

    long deadLetters() {
        return deadLetters;
    }

    /** The summary line the demo ends with. */
    String summary(Map<String, Long> sent) {
        long frames = sent.values().stream().mapToLong(Long::longValue).sum();
        return String.format(
                "demo: frames=%d detections=%d alerts=%d dlq=%d lost=%d",
                frames, detections, alerts, deadLetters, lost(sent));
    }

    private static String key(CharSequence sourceId, long sequence) {
        return sourceId + "#" + sequence;
    }
}

package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Detection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the demo saw come out of the job for its own frames — those with sequence numbers from
 * {@code firstSequence} on, so that frames an earlier run left in the topic do not count: detection
 * records, the boxes in them, alerts and dead letters, and which frames have been accounted for by
 * a detection record or a dead letter.
 */
final class DemoTally implements OutputReader.Listener {
    private final long firstSequence;
    private final Set<FrameKey> accounted = new HashSet<>();
    private long detections;
    private long boxes;
    private long alerts;
    private long deadLetters;

    DemoTally(long firstSequence) {
        this.firstSequence = firstSequence;
    }

    @Override
    public void detection(Detection detection) {
        if (detection.getSequence() < firstSequence) {
            return;
        }
        detections++;
        boxes += detection.getBoxes().size();
        accounted.add(FrameKey.of(detection.getSourceId(), detection.getSequence()));
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
}

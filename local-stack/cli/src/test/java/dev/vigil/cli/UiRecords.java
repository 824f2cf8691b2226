package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.NormalizedBox;
import dev.vigil.schemas.StageTimings;
import java.awt.Rectangle;
import java.time.Instant;
import java.util.Arrays;

/** Records as the job writes them, about the synthetic camera's frames, for the page's tests. */
final class UiRecords {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    private UiRecords() {}

    static NormalizedBox box(Rectangle r) {
        return box(r, WIDTH, HEIGHT);
    }

    /** {@code r}, in pixels of a {@code width} x {@code height} frame, as the records give it. */
    static NormalizedBox box(Rectangle r, int width, int height) {
        return new NormalizedBox(
                r.x / (float) width,
                r.y / (float) height,
                (r.x + r.width) / (float) width,
                (r.y + r.height) / (float) height);
    }

    static Alert alert(String id, String sourceId, String rule, long sequence, NormalizedBox box) {
        return Alert.newBuilder()
                .setAlertId(id)
                .setSourceId(sourceId)
                .setRule(rule)
                .setLabel("text")
                .setTrackId(1)
                .setFirstSequence(Math.max(0, sequence - 2))
                .setLastSequence(sequence)
                .setScore(0.9f)
                .setBox(box)
                .setModelName("ppocr-det")
                .setModelVersion("4")
                .setEmittedTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    static Detection detection(String sourceId, long sequence, NormalizedBox... boxes) {
        return Detection.newBuilder()
                .setSourceId(sourceId)
                .setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .setModelName("ppocr-det")
                .setModelVersion("4")
                .setGuestModule("text-detect")
                .setGuestVersion("1.0.0")
                .setBoxes(
                        Arrays.stream(boxes)
                                .map(box -> new DetectedBox("text", 0.9f, box, null, null))
                                .toList())
                .setTimings(new StageTimings(0L, 0L, 0L, 0L, 1))
                .build();
    }
}

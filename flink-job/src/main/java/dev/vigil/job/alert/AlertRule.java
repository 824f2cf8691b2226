package dev.vigil.job.alert;

import java.io.Serializable;
import java.time.Duration;
import java.util.Set;

/**
 * When a source raises an alert: a box of one of {@code labels}, scoring at least {@code minScore},
 * seen in {@code minFrames} consecutive frames of that source (matched frame to frame by IoU), and
 * not alerted for the same track within {@code cooldown} of capture time.
 *
 * @param name written into every alert it raises
 * @param minIou boxes of consecutive frames at least this IoU apart are one track
 */
public record AlertRule(
        String name,
        Set<String> labels,
        float minScore,
        int minFrames,
        float minIou,
        Duration cooldown)
        implements Serializable {
    public AlertRule {
        labels = Set.copyOf(labels);
        if (minFrames < 1) {
            throw new IllegalArgumentException("minFrames must be at least 1, got " + minFrames);
        }
        if (minIou <= 0 || minIou > 1) {
            throw new IllegalArgumentException("minIou must be in (0, 1], got " + minIou);
        }
    }

    boolean watches(String label, float score) {
        return score >= minScore && (labels.isEmpty() || labels.contains(label));
    }
}

package dev.vigil.job.alert;

import dev.vigil.schemas.NormalizedBox;

/**
 * One tracked object of a source, kept in keyed state. A Flink POJO (public fields, no-argument
 * constructor) so that its serializer can evolve when fields are added.
 */
public class Track {
    public long id;
    public String label;
    public long firstSequence;
    public long lastSequence;

    /** Consecutive frames it was seen in. */
    public int frames;

    public float score;
    public float xMin;
    public float yMin;
    public float xMax;
    public float yMax;

    /**
     * Capture time (epoch ms) of its last alert by the options' persistence rule; -1 before the
     * first. The alert stage's rule marks hold it per rule now; this one is kept for the options'
     * rules, so that state written before the marks existed restores the same.
     */
    public long lastAlertAt = -1;

    /** The text read in its box in the latest frame; null when none was read. */
    public String text;

    /**
     * The watchlist entry it alerted on; null until then. Kept so that a track alerts on the
     * watchlist once, also across restores (null in state written before the watchlist existed).
     */
    public String watchEntry;

    public Track() {}

    NormalizedBox box() {
        return new NormalizedBox(xMin, yMin, xMax, yMax);
    }

    float iou(float x0, float y0, float x1, float y1) {
        float ix = Math.max(0, Math.min(xMax, x1) - Math.max(xMin, x0));
        float iy = Math.max(0, Math.min(yMax, y1) - Math.max(yMin, y0));
        float intersection = ix * iy;
        float union = (xMax - xMin) * (yMax - yMin) + (x1 - x0) * (y1 - y0) - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}

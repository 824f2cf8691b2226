package dev.vigil.wasm.testing;

import dev.vigil.wasm.FrameResult;
import dev.vigil.wasm.GuestBox;
import java.awt.Rectangle;
import java.util.List;

/**
 * How well a reader read a {@link PlateSet}: per sample, the text of the box that overlaps the
 * plate most (none: read as nothing), compared exactly, with spaces left out, and by character
 * error rate (edit distance over the truth's length, summed over the set).
 */
public final class PlateScore {
    private int samples;
    private int exact;
    private int exactUnspaced;
    private long edits;
    private long characters;

    /** Adds each sample's result (same order). */
    public PlateScore add(List<PlateSet.Sample> set, List<FrameResult> results) {
        for (int i = 0; i < set.size(); i++) {
            add(set.get(i).text(), read(set.get(i).plate(), results.get(i).detections()));
        }
        return this;
    }

    void add(String truth, String read) {
        samples++;
        exact += truth.equals(read) ? 1 : 0;
        exactUnspaced += truth.replace(" ", "").equals(read.replace(" ", "")) ? 1 : 0;
        edits += distance(truth, read);
        characters += truth.length();
    }

    /** The text of the box overlapping {@code plate} most, "" when none does or it has none. */
    public static String read(Rectangle plate, List<GuestBox> boxes) {
        GuestBox best = null;
        double most = 0;
        for (GuestBox b : boxes) {
            double ix = Math.min(plate.getMaxX(), b.x1()) - Math.max(plate.getMinX(), b.x0());
            double iy = Math.min(plate.getMaxY(), b.y1()) - Math.max(plate.getMinY(), b.y0());
            double overlap = ix > 0 && iy > 0 ? ix * iy : 0;
            if (overlap > most) {
                most = overlap;
                best = b;
            }
        }
        return best == null || best.text() == null ? "" : best.text();
    }

    public int samples() {
        return samples;
    }

    /** Plates read exactly, 0..1. */
    public double exactRate() {
        return samples == 0 ? 0 : (double) exact / samples;
    }

    /** Plates read exactly but for spaces, 0..1. */
    public double unspacedRate() {
        return samples == 0 ? 0 : (double) exactUnspaced / samples;
    }

    /** Character error rate: edits over the truth's characters, 0.. (above 1 for long misreads). */
    public double characterErrorRate() {
        return characters == 0 ? 0 : (double) edits / characters;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    @Override
    public String toString() {
        return String.format(
                "%d plates: exact %.1f %%, exact but for spaces %.1f %%, CER %.2f %%",
                samples, 100 * exactRate(), 100 * unspacedRate(), 100 * characterErrorRate());
    }
}

package dev.vigil.nn;

import java.util.List;

/**
 * How pixel values become model inputs: {@code (pixel * scale - mean[c]) / std[c]} per channel, in
 * the channel order the model expects.
 *
 * @param scale applied first, e.g. {@code 1/255} to map 8-bit pixels to 0..1
 * @param mean per channel
 * @param std per channel
 * @param channelOrder e.g. {@code RGB} or {@code BGR}
 */
public record Normalization(float scale, List<Float> mean, List<Float> std, String channelOrder) {
    public Normalization {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != std.size()) {
            throw new IllegalArgumentException(
                    "normalization: mean has " + mean.size() + " channels, std " + std.size());
        }
    }

    /**
     * Pixel values as they are: for models whose input is the 8-bit pixels themselves (they
     * normalise inside their graph).
     */
    public static Normalization none() {
        return new Normalization(1f, List.of(0f, 0f, 0f), List.of(1f, 1f, 1f), "RGB");
    }

    /** Pixels scaled to 0..1, nothing else. */
    public static Normalization unit() {
        return new Normalization(1f / 255f, List.of(0f, 0f, 0f), List.of(1f, 1f, 1f), "RGB");
    }
}

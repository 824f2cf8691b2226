package dev.vigil.job.sensors;

import java.io.Serializable;

/**
 * Count windows over each source's samples: {@code size} samples per channel, a new window every
 * {@code slide} samples (e.g. 256 sliding by 64: each sample is in four windows).
 */
public record Windowing(int size, int slide) implements Serializable {
    public Windowing {
        if (size < 1 || slide < 1 || slide > size) {
            throw new IllegalArgumentException(
                    "window size "
                            + size
                            + " and slide "
                            + slide
                            + ": both at least 1 and the slide at most the size (a larger one"
                            + " would skip samples)");
        }
    }
}

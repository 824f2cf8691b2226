package dev.vigil.job.inference;

import dev.vigil.schemas.Detection;
import java.util.Objects;

/** What inference made of one frame: its detection record, or why there is none. */
public record FrameOutcome(Detection detection, FrameFailure failure) {
    public FrameOutcome {
        if ((detection == null) == (failure == null)) {
            throw new IllegalArgumentException("An outcome is a detection or a failure, not both");
        }
    }

    public static FrameOutcome detected(Detection detection) {
        return new FrameOutcome(Objects.requireNonNull(detection), null);
    }

    public static FrameOutcome failed(FrameFailure failure) {
        return new FrameOutcome(null, Objects.requireNonNull(failure));
    }
}

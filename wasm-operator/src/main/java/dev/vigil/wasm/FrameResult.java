package dev.vigil.wasm;

import java.util.List;
import java.util.Optional;

/**
 * What a guest made of one frame: its detections, or why the frame could not be processed (an
 * undecodable payload, an encoding the guest does not accept, or the guest's own reason). A failed
 * frame belongs on the dead-letter topic; the rest of its batch is unaffected.
 */
public record FrameResult(FrameId id, List<GuestBox> detections, Optional<FrameRejection> failure) {
    public FrameResult {
        detections = List.copyOf(detections);
    }

    public boolean failed() {
        return failure.isPresent();
    }
}

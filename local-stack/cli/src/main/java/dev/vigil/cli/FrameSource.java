package dev.vigil.cli;

import dev.vigil.schemas.Frame;
import java.time.Instant;

/** A camera as the producer sees it: a source id and its frame at each sequence number. */
interface FrameSource {
    String sourceId();

    Frame frame(long sequence, Instant captureTime);
}

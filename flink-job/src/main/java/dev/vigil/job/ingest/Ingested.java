package dev.vigil.job.ingest;

import dev.vigil.job.inference.SourcedFrame;
import dev.vigil.schemas.DeadLetter;

/**
 * One record read from the frames topic: a frame, or the dead letter of a record that could not be
 * read as one. A Kafka deserializer has a single output, so both travel together until {@link
 * SplitUndecodable} parts them.
 */
public record Ingested(SourcedFrame frame, DeadLetter deadLetter) {
    public static Ingested of(SourcedFrame frame) {
        return new Ingested(frame, null);
    }

    public static Ingested of(DeadLetter deadLetter) {
        return new Ingested(null, deadLetter);
    }
}

package dev.vigil.cli;

/**
 * One frame of one source, as the job's records name it: a detection or dead letter by its own
 * sequence, an alert by its {@code lastSequence}.
 */
record FrameKey(String sourceId, long sequence) {
    /** Avro gives strings as {@link CharSequence}: equal keys need one type. */
    static FrameKey of(CharSequence sourceId, long sequence) {
        return new FrameKey(sourceId.toString(), sequence);
    }
}

package dev.vigil.job.inference;

import dev.vigil.schemas.Frame;

/**
 * A frame with the Kafka coordinates it was read from, so that a frame that fails at any stage can
 * be sent to the dead-letter topic with its origin and replayed from there.
 */
public record SourcedFrame(Frame frame, String topic, int partition, long offset) {}

package dev.vigil.job.sensors;

import dev.vigil.schemas.SensorReading;

/** A sensor reading with the Kafka coordinates it was read from. */
public record SourcedReading(SensorReading reading, String topic, int partition, long offset) {}

package dev.vigil.job.sensors;

import dev.vigil.job.inference.DeadLetterReason;
import dev.vigil.job.ingest.DeadLetters;
import dev.vigil.schemas.FailureStage;
import dev.vigil.schemas.SensorReading;
import dev.vigil.schemas.serde.BadRecordException;
import dev.vigil.schemas.serde.ConfluentAvroCodec;
import dev.vigil.schemas.serde.SerdeSettings;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads sensor readings in the Confluent wire format, as the frames' deserializer reads frames: a
 * record that is not a readable reading (wire format, schema id, Avro, empty value) is a dead
 * letter with its exact bytes, and so is a reading no window can take: no source id ({@code
 * MISSING_SOURCE_ID}), no samples or not a whole number of its channels ({@code
 * BAD_READING_SHAPE}), a NaN or infinite sample ({@code NON_FINITE_READING}). Checked here, where
 * the record's bytes are, so the dead letter can be replayed after a fix.
 */
public final class SensorRecordDeserializer
        implements KafkaRecordDeserializationSchema<IngestedReading> {
    private final SerdeSettings serde;
    private transient ConfluentAvroCodec<SensorReading> codec;

    public SensorRecordDeserializer(SerdeSettings serde) {
        this.serde = serde;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = ConfluentAvroCodec.create(SensorReading.class, serde);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IngestedReading> out) {
        if (record.value() == null || record.value().length == 0) {
            out.collect(
                    IngestedReading.of(
                            DeadLetters.undecodable(
                                    record,
                                    DeadLetterReason.EMPTY_VALUE.name(),
                                    "The record has no value; a sensor reading was expected.")));
            return;
        }
        SensorReading reading;
        try {
            reading = codec.decode(record.topic(), record.value());
        } catch (BadRecordException e) {
            out.collect(
                    IngestedReading.of(
                            DeadLetters.undecodable(record, e.reasonCode(), e.getMessage())));
            return;
        }
        DeadLetterReason invalid = invalid(reading);
        if (invalid != null) {
            out.collect(
                    IngestedReading.of(
                            DeadLetters.unusable(
                                    record,
                                    FailureStage.VALIDATE,
                                    invalid.name(),
                                    message(invalid, reading))));
            return;
        }
        out.collect(
                IngestedReading.of(
                        new SourcedReading(
                                reading, record.topic(), record.partition(), record.offset())));
    }

    static DeadLetterReason invalid(SensorReading reading) {
        if (reading.getSourceId().isBlank()) {
            return DeadLetterReason.MISSING_SOURCE_ID;
        }
        List<Float> samples = reading.getSamples();
        int channels = reading.getChannels();
        if (channels < 1 || samples.isEmpty() || samples.size() % channels != 0) {
            return DeadLetterReason.BAD_READING_SHAPE;
        }
        for (Float sample : samples) {
            if (!Float.isFinite(sample)) {
                return DeadLetterReason.NON_FINITE_READING;
            }
        }
        return null;
    }

    private static String message(DeadLetterReason reason, SensorReading reading) {
        String id = reading.getSourceId() + "#" + reading.getSequence();
        return switch (reason) {
            case MISSING_SOURCE_ID ->
                    "Reading #"
                            + reading.getSequence()
                            + " has an empty sourceId; every reading must name its sensor (also"
                            + " the record key).";
            case BAD_READING_SHAPE ->
                    "Reading "
                            + id
                            + " has "
                            + reading.getSamples().size()
                            + " samples for "
                            + reading.getChannels()
                            + " channels; samples are [n, channels] row-major with n >= 1 and"
                            + " channels >= 1.";
            default ->
                    "Reading "
                            + id
                            + " holds a NaN or infinite sample; send finite values (drop or"
                            + " interpolate a failed sample at the sensor).";
        };
    }

    @Override
    public TypeInformation<IngestedReading> getProducedType() {
        return TypeInformation.of(IngestedReading.class);
    }
}

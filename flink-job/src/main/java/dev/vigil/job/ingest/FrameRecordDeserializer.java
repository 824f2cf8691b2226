package dev.vigil.job.ingest;

import dev.vigil.job.inference.DeadLetterReason;
import dev.vigil.job.inference.SourcedFrame;
import dev.vigil.schemas.FailureStage;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.serde.BadRecordException;
import dev.vigil.schemas.serde.ConfluentAvroCodec;
import dev.vigil.schemas.serde.SerdeSettings;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads frames in the Confluent wire format, keeping each one's Kafka coordinates. A record that is
 * not a readable frame (not the wire format, an unknown schema id, corrupt or incompatible Avro, an
 * empty value) becomes a dead letter with its exact bytes, never a failed task. A registry that
 * cannot be reached is not the record's fault: that error fails the task, which retries. A frame
 * without a source id cannot be keyed (its source's order and alert tracks are by that id): it is a
 * dead letter too, {@code MISSING_SOURCE_ID}, before the job keys anything by it.
 */
public final class FrameRecordDeserializer implements KafkaRecordDeserializationSchema<Ingested> {
    private final SerdeSettings serde;
    private transient ConfluentAvroCodec<Frame> codec;

    public FrameRecordDeserializer(SerdeSettings serde) {
        this.serde = serde;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = ConfluentAvroCodec.create(Frame.class, serde);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
        if (record.value() == null || record.value().length == 0) {
            out.collect(
                    Ingested.of(
                            DeadLetters.undecodable(
                                    record,
                                    DeadLetterReason.EMPTY_VALUE.name(),
                                    "The record has no value; a frame was expected.")));
            return;
        }
        try {
            Frame frame = codec.decode(record.topic(), record.value());
            if (frame.getSourceId().isBlank()) {
                out.collect(
                        Ingested.of(
                                DeadLetters.unusable(
                                        record,
                                        FailureStage.VALIDATE,
                                        DeadLetterReason.MISSING_SOURCE_ID.name(),
                                        "Frame #"
                                                + frame.getSequence()
                                                + " has an empty sourceId; every frame must name"
                                                + " its camera (the producer's source id, also"
                                                + " the record key).")));
                return;
            }
            out.collect(
                    Ingested.of(
                            new SourcedFrame(
                                    frame, record.topic(), record.partition(), record.offset())));
        } catch (BadRecordException e) {
            out.collect(
                    Ingested.of(DeadLetters.undecodable(record, e.reasonCode(), e.getMessage())));
        }
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return TypeInformation.of(Ingested.class);
    }
}

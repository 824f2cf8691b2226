package dev.vigil.job.sources;

import dev.vigil.job.inference.DeadLetterReason;
import dev.vigil.job.ingest.DeadLetters;
import dev.vigil.schemas.FailureStage;
import dev.vigil.schemas.SourceConfig;
import dev.vigil.schemas.serde.BadRecordException;
import dev.vigil.schemas.serde.ConfluentAvroCodec;
import dev.vigil.schemas.serde.SerdeSettings;
import dev.vigil.schemas.sources.SourceConfigCheck;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the sources topic: a config that passes {@link SourceConfigCheck} (with the job's pipeline
 * names) is an update, a tombstone a removal, and anything else (no key, undecodable Avro, a failed
 * check) a dead letter with its reason, which changes nothing. A registry that cannot be reached is
 * not the record's fault: that fails the task, which retries.
 */
public final class SourceConfigDeserializer
        implements KafkaRecordDeserializationSchema<SourceUpdate> {
    private final SerdeSettings serde;
    private final Set<String> pipelines;
    private transient ConfluentAvroCodec<SourceConfig> codec;

    /**
     * @param pipelines the names a config's {@code pipeline} may take
     */
    public SourceConfigDeserializer(SerdeSettings serde, Set<String> pipelines) {
        this.serde = serde;
        this.pipelines = Set.copyOf(pipelines);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = ConfluentAvroCodec.create(SourceConfig.class, serde);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceUpdate> out) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            if (key != null && !key.isBlank()) {
                out.collect(SourceUpdate.of(key, null));
            }
            return; // a tombstone without a key removes nothing
        }
        SourceConfig config;
        try {
            config = codec.decode(record.topic(), record.value());
        } catch (BadRecordException e) {
            out.collect(
                    SourceUpdate.refused(
                            DeadLetters.undecodable(record, e.reasonCode(), e.getMessage())));
            return;
        }
        List<String> problems = SourceConfigCheck.problems(key, config, pipelines);
        if (!problems.isEmpty()) {
            out.collect(
                    SourceUpdate.refused(
                            DeadLetters.unusable(
                                    record,
                                    FailureStage.VALIDATE,
                                    DeadLetterReason.INVALID_SOURCE_CONFIG.name(),
                                    "The config of source '"
                                            + key
                                            + "' is refused and changes nothing: "
                                            + String.join("; ", problems)
                                            + ". Fix it and set it again ('vigil sources set').")));
            return;
        }
        out.collect(SourceUpdate.of(key, config));
    }

    @Override
    public TypeInformation<SourceUpdate> getProducedType() {
        return TypeInformation.of(SourceUpdate.class);
    }
}

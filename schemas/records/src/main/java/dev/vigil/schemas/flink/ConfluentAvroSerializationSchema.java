package dev.vigil.schemas.flink;

import dev.vigil.schemas.serde.ConfluentAvroCodec;
import dev.vigil.schemas.serde.SerdeSettings;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Flink {@link SerializationSchema} writing record values for one topic in the Confluent wire
 * format. Settings are shipped to the tasks; the registry client is built in {@link #open}.
 */
public final class ConfluentAvroSerializationSchema<T extends SpecificRecordBase>
        implements SerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final String topic;
    private final SerdeSettings settings;
    private transient ConfluentAvroCodec<T> codec;

    public ConfluentAvroSerializationSchema(Class<T> type, String topic, SerdeSettings settings) {
        this.type = type;
        this.topic = topic;
        this.settings = settings;
    }

    @Override
    public void open(InitializationContext context) {
        codec = ConfluentAvroCodec.create(type, settings);
    }

    @Override
    public byte[] serialize(T element) {
        return codec.encode(topic, element);
    }
}

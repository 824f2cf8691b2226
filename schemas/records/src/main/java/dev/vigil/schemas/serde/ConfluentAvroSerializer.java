package dev.vigil.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serializer} for record values in the Confluent wire format. Either construct it with
 * its settings, or let Kafka create it from {@code value.serializer} and configure it with {@link
 * SerdeSettings}' keys plus {@code specific.avro.value.type}.
 */
public final class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private ConfluentAvroCodec<T> codec;

    /** For Kafka's reflective creation; {@link #configure} must follow. */
    public ConfluentAvroSerializer() {}

    public ConfluentAvroSerializer(Class<T> type, SerdeSettings settings) {
        this.codec = ConfluentAvroCodec.create(type, settings);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroTypes.requireValueSide(isKey);
        Class<T> type = (Class<T>) AvroTypes.fromConfig(configs);
        this.codec = ConfluentAvroCodec.create(type, SerdeSettings.fromConfig(configs));
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null; // a tombstone stays a tombstone
        }
        if (codec == null) {
            throw new IllegalStateException("ConfluentAvroSerializer was not configured");
        }
        return codec.encode(topic, data);
    }
}

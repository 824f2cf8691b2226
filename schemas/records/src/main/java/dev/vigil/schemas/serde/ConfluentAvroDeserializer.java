package dev.vigil.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka {@link Deserializer} for record values in the Confluent wire format. Bad bytes throw a
 * {@link BadRecordException} subclass naming the reason; see {@link ConfluentAvroCodec#decode}.
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private ConfluentAvroCodec<T> codec;

    /** For Kafka's reflective creation; {@link #configure} must follow. */
    public ConfluentAvroDeserializer() {}

    public ConfluentAvroDeserializer(Class<T> type, SerdeSettings settings) {
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
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (codec == null) {
            throw new IllegalStateException("ConfluentAvroDeserializer was not configured");
        }
        return codec.decode(topic, data);
    }
}

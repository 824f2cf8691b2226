package dev.vigil.schemas.flink;

import dev.vigil.schemas.serde.ConfluentAvroCodec;
import dev.vigil.schemas.serde.SerdeSettings;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Flink {@link DeserializationSchema} reading record values of one topic in the Confluent wire
 * format. Bad bytes throw a {@link dev.vigil.schemas.serde.BadRecordException} subclass, which a
 * job catches to route the record to its dead-letter topic.
 */
public final class ConfluentAvroDeserializationSchema<T extends SpecificRecordBase>
        implements DeserializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final String topic;
    private final SerdeSettings settings;
    private transient ConfluentAvroCodec<T> codec;

    public ConfluentAvroDeserializationSchema(Class<T> type, String topic, SerdeSettings settings) {
        this.type = type;
        this.topic = topic;
        this.settings = settings;
    }

    @Override
    public void open(InitializationContext context) {
        codec = ConfluentAvroCodec.create(type, settings);
    }

    @Override
    public T deserialize(byte[] message) {
        return codec.decode(topic, message);
    }

    @Override
    public boolean isEndOfStream(T nextElement) {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        // Flink's Avro type info serialises records with Avro itself, not with Kryo.
        return new AvroTypeInfo<>(type);
    }
}

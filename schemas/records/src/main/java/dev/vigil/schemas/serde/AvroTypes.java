package dev.vigil.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Resolves the generated record class named in a Kafka client config. */
final class AvroTypes {
    /** Confluent's key for the record class a deserializer produces. */
    static final String VALUE_TYPE = "specific.avro.value.type";

    private AvroTypes() {}

    static Class<? extends SpecificRecord> fromConfig(Map<String, ?> config) {
        Object name = config.get(VALUE_TYPE);
        if (name instanceof Class<?> type) {
            return type.asSubclass(SpecificRecord.class);
        }
        if (name == null) {
            throw new IllegalArgumentException(
                    VALUE_TYPE
                            + " is required: the generated class to produce, e.g. "
                            + "dev.vigil.schemas.Frame");
        }
        try {
            return Class.forName(
                            name.toString(), true, Thread.currentThread().getContextClassLoader())
                    .asSubclass(SpecificRecord.class);
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IllegalArgumentException(
                    VALUE_TYPE + "=" + name + " is not a generated Avro class on the class path",
                    e);
        }
    }

    static void requireValueSide(boolean isKey) {
        if (isKey) {
            throw new IllegalArgumentException(
                    "Vigil's record keys are plain UTF-8 source ids: use Kafka's String serdes"
                            + " for keys, and the Avro serdes for values only.");
        }
    }
}

package dev.vigil.schemas.serde;

import java.nio.ByteBuffer;

/**
 * Confluent's wire format: magic byte 0, the writer schema's registry id as a 4-byte big-endian
 * int, then the Avro binary encoding of the record.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** The schema id from the header; fails with {@link NotWireFormatException} on bad bytes. */
    public static int schemaId(byte[] data, String topic) {
        if (data == null || data.length < HEADER_SIZE) {
            throw new NotWireFormatException(
                    "Record on topic '"
                            + topic
                            + "' has "
                            + (data == null ? "no value" : data.length + " bytes")
                            + "; a Confluent wire-format value has at least "
                            + HEADER_SIZE
                            + " (magic byte 0 + 4-byte schema id). Produce it with a Confluent"
                            + " Avro serializer.");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new NotWireFormatException(
                    String.format(
                            "Record on topic '%s' starts with byte 0x%02x, not the Confluent magic"
                                    + " byte 0x00: it was not written by a schema-registry"
                                    + " serializer (plain Avro, JSON or raw image bytes?).",
                            topic, data[0]));
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }

    static void writeHeader(ByteBuffer buffer, int schemaId) {
        buffer.put(MAGIC_BYTE).putInt(schemaId);
    }
}

package dev.vigil.schemas.serde;

/**
 * The bytes do not start with the Confluent wire-format header (magic byte 0, 4-byte schema id).
 */
public final class NotWireFormatException extends BadRecordException {
    NotWireFormatException(String message) {
        super(message, null);
    }

    @Override
    public String reasonCode() {
        return "NOT_WIRE_FORMAT";
    }
}

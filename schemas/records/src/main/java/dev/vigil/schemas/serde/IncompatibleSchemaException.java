package dev.vigil.schemas.serde;

/**
 * The record was written with a registered schema that cannot be read as the expected type, e.g. an
 * Alert produced to the frames topic, or a producer that broke compatibility.
 */
public final class IncompatibleSchemaException extends BadRecordException {
    IncompatibleSchemaException(String message) {
        super(message, null);
    }

    @Override
    public String reasonCode() {
        return "INCOMPATIBLE_SCHEMA";
    }
}

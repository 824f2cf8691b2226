package dev.vigil.schemas.serde;

/** The header names a schema id that the registry does not know. */
public final class UnknownSchemaIdException extends BadRecordException {
    private final int schemaId;

    UnknownSchemaIdException(int schemaId, String message, Throwable cause) {
        super(message, cause);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }

    @Override
    public String reasonCode() {
        return "UNKNOWN_SCHEMA_ID";
    }
}

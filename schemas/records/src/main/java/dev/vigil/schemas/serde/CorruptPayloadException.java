package dev.vigil.schemas.serde;

/**
 * The header is fine but the Avro body is not a valid encoding under the writer's schema: it ends
 * too early ({@code TRUNCATED_PAYLOAD}), or holds impossible values or bytes beyond the record
 * ({@code CORRUPT_PAYLOAD}).
 */
public final class CorruptPayloadException extends BadRecordException {
    private final boolean truncated;

    CorruptPayloadException(boolean truncated, String message, Throwable cause) {
        super(message, cause);
        this.truncated = truncated;
    }

    public boolean truncated() {
        return truncated;
    }

    @Override
    public String reasonCode() {
        return truncated ? "TRUNCATED_PAYLOAD" : "CORRUPT_PAYLOAD";
    }
}

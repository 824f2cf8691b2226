package dev.vigil.schemas.serde;

/**
 * The record's bytes cannot be turned into the expected type. This is a property of the input, not
 * of the system: retrying will not help, so a pipeline routes the record to its dead-letter topic.
 */
public abstract class BadRecordException extends SerdeException {
    protected BadRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}

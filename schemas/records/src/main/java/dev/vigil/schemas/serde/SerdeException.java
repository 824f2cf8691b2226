package dev.vigil.schemas.serde;

/**
 * Root of every failure of the Confluent wire-format serdes. Each subclass stands for one kind of
 * failure and carries a stable {@link #reasonCode()}, which the job writes into dead letters and
 * counts in its metrics.
 */
public abstract class SerdeException extends RuntimeException {
    protected SerdeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Stable, machine-readable reason, e.g. {@code UNKNOWN_SCHEMA_ID}. */
    public abstract String reasonCode();
}

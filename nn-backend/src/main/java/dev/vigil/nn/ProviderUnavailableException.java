package dev.vigil.nn;

/** None of the configured execution providers could load the model. */
public final class ProviderUnavailableException extends ModelException {
    public ProviderUnavailableException(String message) {
        super(message);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

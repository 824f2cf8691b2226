package dev.vigil.nn;

/** No model of that name, or no such version of it, in the repository. */
public final class UnknownModelException extends ModelException {
    public UnknownModelException(String message) {
        super(message);
    }

    public UnknownModelException(String message, Throwable cause) {
        super(message, cause);
    }
}

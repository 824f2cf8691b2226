package dev.vigil.nn;

/**
 * Root of every failure of the model backend. The subclasses name the phase that failed; every
 * message says which model (name@version, file) and what to do about it.
 */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}

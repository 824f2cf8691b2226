package dev.vigil.nn;

/** A model file or descriptor cannot be read or parsed. */
public final class ModelFileException extends ModelException {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}

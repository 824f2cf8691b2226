package dev.vigil.nn;

/** A batch handed to a model has the wrong input name, element count or shape. */
public final class InputMismatchException extends ModelException {
    public InputMismatchException(String message) {
        super(message);
    }

    public InputMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.vigil.nn;

/** ONNX Runtime failed while running a batch. */
public final class ModelRunException extends ModelException {
    public ModelRunException(String message) {
        super(message);
    }

    public ModelRunException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.vigil.nn;

/** The descriptor's inputs or outputs disagree with what the ONNX file really declares. */
public final class DescriptorMismatchException extends ModelException {
    public DescriptorMismatchException(String message) {
        super(message);
    }

    public DescriptorMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}

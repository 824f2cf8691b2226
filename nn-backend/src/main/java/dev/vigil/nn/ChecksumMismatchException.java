package dev.vigil.nn;

/**
 * The model file's SHA-256 differs from the one in its descriptor: the file changed or is damaged.
 */
public final class ChecksumMismatchException extends ModelException {
    public ChecksumMismatchException(String message) {
        super(message);
    }

    public ChecksumMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}

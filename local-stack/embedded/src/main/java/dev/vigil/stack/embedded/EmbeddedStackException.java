package dev.vigil.stack.embedded;

/**
 * Thrown when an embedded part (Kafka broker, schema registry) cannot be started or stopped. The
 * message names the part, what went wrong and where its log is; it ends with the log's last lines.
 */
public class EmbeddedStackException extends RuntimeException {
    public EmbeddedStackException(String message) {
        super(message);
    }

    public EmbeddedStackException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.vigil.cli;

/** A failure the CLI reports as one line that says what failed and what to do; exit code 1. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}

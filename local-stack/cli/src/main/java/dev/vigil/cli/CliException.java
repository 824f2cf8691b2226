package dev.vigil.cli;

/**
 * A failure the CLI reports as one line that says what failed and what to do; exit code 1 unless
 * the failure has its own (a documented one a script can tell apart).
 */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(String message) {
        this(message, 1);
    }

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}

package dev.vigil.job.inference;

/**
 * The job as configured cannot run, and would fail the same way on every attempt: a guest that does
 * not load or does not fit the options, a model missing from the repository or not matching its
 * descriptor. Raised by the job's {@code main()} before the job is submitted where it can check,
 * and by a TaskManager otherwise, which then ends the job as FAILED instead of restarting it. The
 * message says what to change.
 */
public class DeploymentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeploymentException(String message, Throwable cause) {
        super(message, cause);
    }

    public DeploymentException(String message) {
        super(message);
    }
}

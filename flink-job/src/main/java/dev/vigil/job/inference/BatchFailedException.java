package dev.vigil.job.inference;

/**
 * The whole batch failed because of something in it (a guest trap, a deadline, a model error on its
 * inputs). The inference stage then runs the frames one by one, so only the culprit reaches the
 * dead-letter topic. Failures not caused by the input (a lost model, a bug) are other exceptions,
 * and fail the task so that Flink restarts it from the last checkpoint.
 */
public class BatchFailedException extends RuntimeException {
    private final FrameFailure failure;

    public BatchFailedException(FrameFailure failure, Throwable cause) {
        super(failure.message(), cause);
        this.failure = failure;
    }

    public FrameFailure failure() {
        return failure;
    }
}

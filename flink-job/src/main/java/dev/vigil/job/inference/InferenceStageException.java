package dev.vigil.job.inference;

/** Inference failed for a reason other than its input; thrown on the task thread. */
public class InferenceStageException extends RuntimeException {
    public InferenceStageException(String message, Throwable cause) {
        super(message, cause);
    }
}

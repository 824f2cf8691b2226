package dev.vigil.job.inference;

import dev.vigil.schemas.Frame;
import java.io.Serializable;
import java.util.List;

/**
 * One subtask's inference over a batch of frames: the inference stage's only view of guests and
 * models. Created in the operator's {@code open()}, used from one worker thread, closed in {@code
 * close()}.
 */
public interface FrameInference extends AutoCloseable {

    /**
     * Runs one batch.
     *
     * @return one outcome per frame, in the order given; a frame the guest rejected is a failed
     *     outcome, and the rest of the batch is unaffected
     * @throws BatchFailedException when something in the batch failed it as a whole
     */
    List<FrameOutcome> infer(List<Frame> frames);

    /**
     * Where inference runs, e.g. the execution provider of the model: the {@code provider} gauge.
     */
    String provider();

    /** Builds the inference of one subtask; shipped with the job graph, hence serializable. */
    interface Factory extends Serializable {
        /**
         * @param subtask this subtask's index, to spread subtasks over devices
         * @param gpuIndexes the GPUs Flink's external resource {@code gpu} gave this TaskManager;
         *     empty where none is configured
         * @throws DeploymentException when the job's configuration cannot run, on this or any
         *     attempt; the job then fails instead of restarting
         */
        FrameInference create(int subtask, List<Integer> gpuIndexes);
    }
}

package dev.vigil.job.inference;

import dev.vigil.schemas.Detection;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;

/**
 * Creates the inference stage with the task's mailbox, which it needs to emit results on the task
 * thread and to wait for a free in-flight slot without blocking it.
 */
public final class MicroBatchInferenceOperatorFactory
        extends AbstractStreamOperatorFactory<Detection>
        implements OneInputStreamOperatorFactory<SourcedFrame, Detection> {
    private final Batching batching;
    private final FrameInference.Factory inference;

    public MicroBatchInferenceOperatorFactory(Batching batching, FrameInference.Factory inference) {
        this.batching = batching;
        this.inference = inference;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<Detection>> T createStreamOperator(
            StreamOperatorParameters<Detection> parameters) {
        return (T) new MicroBatchInferenceOperator(parameters, batching, inference);
    }

    @Override
    public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
        return MicroBatchInferenceOperator.class;
    }
}

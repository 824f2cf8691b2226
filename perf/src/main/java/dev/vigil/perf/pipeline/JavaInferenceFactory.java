package dev.vigil.perf.pipeline;

import dev.vigil.job.JobOptions;
import dev.vigil.job.inference.FrameInference;
import dev.vigil.nn.DeviceBinding;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRef;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * Builds a subtask's {@link JavaFrameInference} from the job's options, as {@code
 * WasmInferenceFactory} builds the guest's: the same process-wide model host and settings, the
 * model the guest would reach as {@code detector}, the same device binding and frame-size limit.
 */
final class JavaInferenceFactory implements FrameInference.Factory {
    private static final String MODEL_NAME = "detector";

    private final Configuration options;

    JavaInferenceFactory(Configuration options) {
        this.options = options;
    }

    @Override
    public FrameInference create(int subtask, List<Integer> gpuIndexes) {
        String model = options.get(JobOptions.MODELS).get(MODEL_NAME);
        if (model == null) {
            throw new IllegalArgumentException(
                    "The plain-Java detector needs a model named '"
                            + MODEL_NAME
                            + "' in "
                            + JobOptions.MODELS.key()
                            + ", as the deterministic-detect guest does");
        }
        ModelHost host = ModelHost.forProcess(JobOptions.models(options));
        return new JavaFrameInference(
                host.lease(ModelRef.parse(model), DeviceBinding.deviceFor(subtask, gpuIndexes)),
                new HostKernels(options.get(JobOptions.MAX_FRAME_PIXELS)));
    }
}

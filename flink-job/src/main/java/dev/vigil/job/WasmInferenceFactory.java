package dev.vigil.job;

import dev.vigil.job.inference.FrameInference;
import dev.vigil.job.inference.WasmFrameInference;
import dev.vigil.job.store.SharedModels;
import dev.vigil.nn.DeviceBinding;
import dev.vigil.nn.ModelHost;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.GuestPool;
import dev.vigil.wasm.WasmSettings;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * Builds a subtask's {@link WasmFrameInference} from the job's options: the TaskManager's shared
 * model host, the guest (bundled or a file), and a warm pool bound to the subtask's GPU.
 */
public final class WasmInferenceFactory implements FrameInference.Factory {
    private final Configuration options;

    public WasmInferenceFactory(Configuration options) {
        this.options = options;
    }

    @Override
    public FrameInference create(int subtask, List<Integer> gpuIndexes) {
        try {
            WasmSettings settings =
                    GuestDeployment.settings(options, DeviceBinding.deviceFor(subtask, gpuIndexes))
                            .build();
            GuestModule module = GuestDeployment.load(options, settings);
            GuestDeployment.checkFits(module.metadata(), options);
            // The host is the TaskManager's, shared by its slots: the pool's leases are this
            // subtask's share of it, released when the pool closes.
            Path repository =
                    SharedModels.localRepository(
                            options.get(JobOptions.MODEL_REPOSITORY),
                            settings.allowedModels().values(),
                            JobOptions.modelCacheDir(options),
                            options.get(JobOptions.MODEL_CACHE_MAX_SIZE).getBytes());
            GuestPool pool =
                    GuestPool.start(
                            module,
                            settings,
                            ModelHost.forProcess(JobOptions.models(options, repository)));
            return new WasmFrameInference(pool);
        } catch (RuntimeException e) {
            throw GuestDeployment.asDeploymentFault(e).<RuntimeException>map(d -> d).orElse(e);
        }
    }
}

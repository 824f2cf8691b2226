package dev.vigil.job.inference;

import dev.vigil.job.JobOptions;
import dev.vigil.nn.DeviceBinding;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.NnSettings;
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
    private static final String BUNDLED = "bundled:";

    private final Configuration options;

    public WasmInferenceFactory(Configuration options) {
        this.options = options;
    }

    @Override
    public FrameInference create(int subtask, List<Integer> gpuIndexes) {
        NnSettings nn = JobOptions.models(options);
        WasmSettings.Builder wasm =
                WasmSettings.builder()
                        .poolSize(options.get(JobOptions.POOL_SIZE))
                        .callDeadline(options.get(JobOptions.CALL_DEADLINE))
                        .maxMemoryPages(options.get(JobOptions.MAX_MEMORY_PAGES))
                        .deviceIndex(DeviceBinding.deviceFor(subtask, gpuIndexes))
                        .requireSignatures(options.get(JobOptions.REQUIRE_SIGNATURES));
        options.getOptional(JobOptions.TRUST_STORE).map(Path::of).ifPresent(wasm::trustStore);
        options.get(JobOptions.MODELS)
                .forEach((name, model) -> wasm.allowModel(name, ModelRef.parse(model)));
        WasmSettings settings = wasm.build();
        String guest = options.get(JobOptions.GUEST);
        GuestModule module =
                guest.startsWith(BUNDLED)
                        ? GuestModule.bundled(guest.substring(BUNDLED.length()), settings)
                        : GuestModule.load(Path.of(guest), settings);
        // The host is the TaskManager's, shared by its slots: the pool's leases are this
        // subtask's share of it, released when the pool closes.
        GuestPool pool = GuestPool.start(module, settings, ModelHost.forProcess(nn));
        return new WasmFrameInference(pool);
    }
}

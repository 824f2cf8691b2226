package dev.vigil.wasm;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.nn.synthetic.DeterministicDetector;
import java.nio.file.Path;
import java.util.List;

/**
 * A real model host holding nn-backend's generated deterministic detector as {@code @1}, in both
 * forms: taking normalised floats, and taking 8-bit pixels ({@link #PIXEL_DETECTOR}).
 */
public final class DetectorFixture {
    public static final ModelRef DETECTOR = ModelRef.parse(DeterministicDetector.NAME + "@1");
    public static final ModelRef PIXEL_DETECTOR =
            ModelRef.parse(DeterministicDetector.PIXELS_NAME + "@1");

    private DetectorFixture() {}

    public static ModelHost host(Path root) {
        DeterministicDetector.build().importInto(new ModelRepository(root), "1");
        DeterministicDetector.build().pixelForm("1").importInto(new ModelRepository(root));
        return new ModelHost(
                NnSettings.builder()
                        .repository(root)
                        .providers(List.of(ExecutionProvider.CPU))
                        .warmupBatchSizes(List.of(1))
                        .intraOpThreads(1)
                        .build());
    }

    /** Settings that let the deterministic guest load the detector under its name, "detector". */
    public static WasmSettings.Builder settings() {
        return settings(DETECTOR);
    }

    /** The same with {@code model} (either form) bound as "detector". */
    public static WasmSettings.Builder settings(ModelRef model) {
        return WasmSettings.builder().allowModel("detector", model);
    }

    public static GuestModule guest(WasmSettings settings) {
        return GuestModule.bundled("deterministic-detect", settings);
    }
}

package dev.vigil.wasm;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.nn.packaged.PaddleOcrModels;
import java.nio.file.Path;
import java.util.List;

/** A real model host on the CPU holding the packaged PaddleOCR models, for the text guests. */
final class PaddleOcrFixture {
    private PaddleOcrFixture() {}

    /** Imports every PaddleOCR model into the repository at {@code root} and serves it. */
    static ModelHost host(Path root) {
        PaddleOcrModels.importAll(new ModelRepository(root));
        return serve(root);
    }

    /** The same, with the detectors' 8-bit pixel forms beside them. */
    static ModelHost hostWithDetectorPixelForms(Path root) {
        PaddleOcrModels.importAll(new ModelRepository(root));
        PaddleOcrModels.importDetectorPixelForms(new ModelRepository(root));
        return serve(root);
    }

    private static ModelHost serve(Path root) {
        return new ModelHost(
                NnSettings.builder()
                        .repository(root)
                        .providers(List.of(ExecutionProvider.CPU))
                        .warmupBatchSizes(List.of(1))
                        .build());
    }
}

package dev.vigil.job.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.nn.ModelRef;
import dev.vigil.wasm.GuestLoadException;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.WasmSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedGuestTest {
    private static final WasmSettings INTERPRETED =
            WasmSettings.builder()
                    .execution(WasmSettings.Execution.INTERPRETED)
                    .allowModel("detector", ModelRef.parse("deterministic-detector@1"))
                    .build();

    @Test
    void loadsAGuestFromAFileUri(@TempDir Path store) throws IOException {
        Path module = store.resolve("deterministic-detect.wasm");
        try (InputStream in =
                GuestModule.class
                        .getClassLoader()
                        .getResourceAsStream(GuestModule.BUNDLED + "deterministic-detect.wasm")) {
            Files.write(module, in.readAllBytes());
        }
        URI uri = SharedModels.storeUri(module.toUri().toString()).orElseThrow();

        GuestModule guest = SharedGuest.load(uri, INTERPRETED);

        assertThat(guest.metadata().models()).contains("detector");
    }

    @Test
    void aMissingGuestNamesItsUri(@TempDir Path store) {
        URI uri = store.resolve("absent.wasm").toUri();

        assertThatThrownBy(() -> SharedGuest.load(uri, INTERPRETED))
                .isInstanceOf(GuestLoadException.class)
                .hasMessageContaining(uri.toString());
    }

    @Test
    void aPlainPathIsNoStore() {
        assertThat(SharedModels.storeUri("/srv/vigil/models")).isEmpty();
        assertThat(SharedModels.storeUri("s3://bucket/models")).isPresent();
    }
}

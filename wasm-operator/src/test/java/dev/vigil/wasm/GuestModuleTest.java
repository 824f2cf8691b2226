package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What is refused at load, before any frame reaches a guest. */
class GuestModuleTest {
    private static final WasmSettings SETTINGS = WasmSettings.defaults();

    @Test
    void aWrongAbiVersionIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> TestGuests.load("hostile-wrong-abi", SETTINGS))
                .isInstanceOf(GuestMetadataException.class)
                .hasMessageContaining("hostile-wrong-abi@1.0.0")
                .hasMessageContaining("built for guest ABI v2; this host speaks v1")
                .hasMessageContaining("Rebuild it");
    }

    @Test
    void anUnknownImportFailsToLinkAndIsNamed() {
        assertThatThrownBy(() -> TestGuests.load("hostile-unknown-import", SETTINGS))
                .isInstanceOf(GuestLinkException.class)
                .hasMessageContaining("env.open_socket")
                .hasMessageContaining("wasi_ephemeral_nn.load_by_name")
                .hasMessageContaining("remove the other imports");
    }

    @Test
    void bytesThatAreNotWasmAreRefused() {
        assertThatThrownBy(() -> GuestModule.load("x.wasm", new byte[] {1, 2, 3, 4}, SETTINGS))
                .isInstanceOf(GuestLoadException.class)
                .hasMessageContaining("x.wasm")
                .hasMessageContaining("not a valid WebAssembly module");
    }

    @Test
    void aModuleWithoutMetadataIsRefused() {
        byte[] emptyModule = {0, 'a', 's', 'm', 1, 0, 0, 0};
        assertThatThrownBy(() -> GuestModule.load("empty.wasm", emptyModule, SETTINGS))
                .isInstanceOf(GuestMetadataException.class)
                .hasMessageContaining("has no 'vigil.guest' custom section");
    }

    @Test
    void aModelTheDeploymentDoesNotAllowIsRefused() {
        assertThatThrownBy(() -> GuestModule.bundled("deterministic-detect", SETTINGS))
                .isInstanceOf(GuestMetadataException.class)
                .hasMessageContaining("deterministic-detect@1.1.0")
                .hasMessageContaining("needs models [detector]")
                .hasMessageContaining("allowModel(\"detector\"");
    }

    @Test
    void initialMemoryAboveTheLimitIsRefused() {
        WasmSettings tiny = WasmSettings.builder().maxMemoryPages(1).build();
        assertThatThrownBy(() -> TestGuests.load("hostile-trap", tiny))
                .isInstanceOf(GuestLoadException.class)
                .hasMessageContaining("more than maxMemoryPages=1");
    }

    @Test
    void theSameBytesAreCompiledOnceAndRunCompiled() {
        GuestModule first = TestGuests.load("hostile-trap", SETTINGS);
        GuestModule second = TestGuests.load("hostile-trap", SETTINGS);

        assertThat(second.code().machineFactory()).isSameAs(first.code().machineFactory());
        assertThat(first.compiled()).isTrue();
        assertThat(first.sha256()).hasSize(64);
        assertThat(first.metadata().maxBatch()).isEqualTo(8);
    }

    @Test
    void theMemoryLimitIsTheSmallerOfGuestAndDeployment() {
        GuestModule guest =
                TestGuests.load("hostile-trap", WasmSettings.builder().maxMemoryPages(40).build());
        assertThat(guest.memoryLimits().maximumPages()).isEqualTo(40);
        assertThat(guest.memoryLimits().initialPages()).isLessThanOrEqualTo(40);
    }
}

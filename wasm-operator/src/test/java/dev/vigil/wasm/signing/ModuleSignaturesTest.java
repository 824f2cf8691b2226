package dev.vigil.wasm.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.wasm.DetectorFixture;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.GuestSignatureException;
import dev.vigil.wasm.ModuleInfo;
import dev.vigil.wasm.TestGuests;
import dev.vigil.wasm.WasmSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ed25519-signed guests: a deployment that requires signatures loads only trusted ones. */
class ModuleSignaturesTest {
    @TempDir Path dir;
    private Path trust;
    private Path module;
    private KeyPair signer;
    private WasmSettings required;

    @BeforeEach
    void setUp() throws IOException {
        trust = Files.createDirectories(dir.resolve("trusted"));
        module = dir.resolve("deterministic-detect.wasm");
        Files.write(module, bundledBytes());
        signer = ModuleSignatures.generate();
        Files.writeString(trust.resolve("ci.pub"), ModuleSignatures.pem(signer.getPublic()));
        required = DetectorFixture.settings().requireSignatures(true).trustStore(trust).build();
    }

    @Test
    void aModuleSignedByATrustedKeyLoads() throws IOException {
        Path signature = ModuleSignatures.signFile(module, signer.getPrivate());

        assertThat(signature.getFileName().toString()).isEqualTo("deterministic-detect.wasm.sig");
        assertThat(GuestModule.load(module, required).label())
                .isEqualTo("deterministic-detect@1.1.0");
        byte[] bytes = Files.readAllBytes(module);
        byte[] raw = ModuleSignatures.sign(bytes, signer.getPrivate());
        assertThat(GuestModule.load("bytes", bytes, raw, required).sha256())
                .isEqualTo(GuestModule.load(module, required).sha256());
    }

    @Test
    void anUnsignedModuleIsRefusedSayingHowToSignIt() {
        assertThatThrownBy(() -> GuestModule.load(module, required))
                .isInstanceOf(GuestSignatureException.class)
                .hasMessageContaining("has no signature")
                .hasMessageContaining("requireSignatures=true")
                .hasMessageContaining("vigil modules sign --key <signer>.key " + module)
                .hasMessageContaining(trust.toAbsolutePath().toString());
        assertThatThrownBy(
                        () -> GuestModule.load("upload", new byte[] {0, 'a', 's', 'm'}, required))
                .isInstanceOf(GuestSignatureException.class)
                .hasMessageContaining("has no signature");
    }

    @Test
    void aModuleChangedAfterSigningIsRefused() throws IOException {
        ModuleSignatures.signFile(module, signer.getPrivate());
        byte[] bytes = Files.readAllBytes(module);
        bytes[bytes.length - 1] ^= 1;
        Files.write(module, bytes);

        assertThatThrownBy(() -> GuestModule.load(module, required))
                .isInstanceOf(GuestSignatureException.class)
                .hasMessageContaining("was not made over these bytes by any key in the trust store")
                .hasMessageContaining("[ci.pub]")
                .hasMessageContaining("vigil modules verify --trust-store");
    }

    @Test
    void aModuleSignedByAnUntrustedKeyOrWithGarbageIsRefused() throws IOException {
        ModuleSignatures.signFile(module, ModuleSignatures.generate().getPrivate());
        assertThatThrownBy(() -> GuestModule.load(module, required))
                .isInstanceOf(GuestSignatureException.class)
                .hasMessageContaining("its signer is not trusted");

        Files.writeString(ModuleSignatures.signatureFile(module), "bm90IGEgc2lnbmF0dXJl\n");
        assertThatThrownBy(() -> GuestModule.load(module, required))
                .isInstanceOf(GuestSignatureException.class);
    }

    @Test
    void withoutTheSettingUnsignedModulesLoadAndBundledGuestsAlwaysDo() {
        assertThat(GuestModule.load(module, DetectorFixture.settings().build()).label())
                .isEqualTo("deterministic-detect@1.1.0");
        assertThat(GuestModule.bundled("deterministic-detect", required).label())
                .isEqualTo("deterministic-detect@1.1.0");
        assertThatThrownBy(() -> WasmSettings.builder().requireSignatures(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("requireSignatures needs a trustStore");
    }

    @Test
    void keysRoundTripThroughPemAndTheTrustStoreNamesTheSigner() throws IOException {
        Path key = dir.resolve("ci.key");
        Files.writeString(key, ModuleSignatures.pem(signer.getPrivate()));
        byte[] bytes = Files.readAllBytes(module);
        byte[] signature = ModuleSignatures.sign(bytes, ModuleSignatures.readPrivateKey(key));

        TrustStore store = TrustStore.load(trust);
        assertThat(store.signer(bytes, signature)).contains("ci.pub");
        assertThat(store.signer(new byte[] {1, 2, 3}, signature)).isEmpty();
        assertThat(ModuleSignatures.readPublicKey(trust.resolve("ci.pub")))
                .isEqualTo(signer.getPublic());
        assertThatThrownBy(() -> ModuleSignatures.readPublicKey(key))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("BEGIN PUBLIC KEY");
    }

    @Test
    void inspectionReadsMetadataImportsExportsAndNamesProblems() throws IOException {
        ModuleInfo info = ModuleInfo.read("deterministic-detect.wasm", Files.readAllBytes(module));
        assertThat(info.abi()).isEqualTo(1);
        assertThat(info.metadata())
                .hasValueSatisfying(m -> assertThat(m).contains("models=detector"));
        assertThat(info.imports())
                .anyMatch(i -> i.startsWith("wasi_ephemeral_nn.set_output "))
                .anyMatch(i -> i.startsWith("vigil_host.letterbox "));
        assertThat(info.exports()).anyMatch(e -> e.startsWith("vigil_process "));
        assertThat(info.sha256())
                .isEqualTo(GuestModule.load(module, DetectorFixture.settings().build()).sha256());
        assertThat(info.problem()).isEmpty();

        byte[] wrong = TestGuests.bytes("hostile-wrong-abi");
        ModuleInfo refused = ModuleInfo.read("wrong", wrong);
        assertThat(refused.problem()).hasValueSatisfying(p -> assertThat(p).contains("ABI"));
        assertThatThrownBy(() -> ModuleInfo.read("junk", new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("junk is not a WebAssembly module");
    }

    private static byte[] bundledBytes() throws IOException {
        try (InputStream in =
                GuestModule.class
                        .getClassLoader()
                        .getResourceAsStream(GuestModule.BUNDLED + "deterministic-detect.wasm")) {
            return in.readAllBytes();
        }
    }
}

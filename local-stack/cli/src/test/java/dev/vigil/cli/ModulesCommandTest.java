package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.wasm.GuestModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil modules}: the signing workflow a model owner follows, and inspection. */
class ModulesCommandTest {
    @TempDir Path dir;

    @Test
    void keygenSignVerifyAndTheFailuresAUserMeets() throws IOException {
        Path module = bundled("text-detect");
        Path keys = dir.resolve("keys");
        Path trust = Files.createDirectories(dir.resolve("trust"));

        String made = CliRun.succeed("modules", "keygen", "--name=ci", "--out=" + keys);
        assertThat(made).contains("fingerprint").contains("ci.pub");
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(keys.resolve("ci.key"))))
                .isEqualTo("rw-------");
        assertThat(CliRun.fail("modules", "keygen", "--name=ci", "--out=" + keys))
                .contains("ci.key exists");

        assertThat(CliRun.fail("modules", "verify", "--trust-store=" + trust, module.toString()))
                .contains("unsigned")
                .contains("vigil modules sign --key");

        assertThat(
                        CliRun.succeed(
                                "modules",
                                "sign",
                                "--key=" + keys.resolve("ci.key"),
                                module.toString()))
                .contains("-> " + module + ".sig");
        // Signed, but the trust store does not hold the signer yet.
        assertThat(CliRun.fail("modules", "verify", "--trust-store=" + trust, module.toString()))
                .contains("INVALID")
                .contains("trust its signer's .pub");

        Files.copy(keys.resolve("ci.pub"), trust.resolve("ci.pub"));
        assertThat(CliRun.succeed("modules", "verify", "--trust-store=" + trust, module.toString()))
                .contains("valid, signed by ci.pub");

        byte[] bytes = Files.readAllBytes(module);
        bytes[bytes.length - 1] ^= 1;
        Files.write(module, bytes);
        assertThat(CliRun.fail("modules", "verify", "--trust-store=" + trust, module.toString()))
                .contains("INVALID: not made over these bytes");
    }

    @Test
    void inspectShowsWhatTheModuleDeclaresAndItsSignature() throws IOException {
        Path module = bundled("text-detect");

        String shown = CliRun.succeed("modules", "inspect", module.toString());

        assertThat(shown)
                .contains("size       " + Files.size(module) + " bytes")
                .containsPattern("sha256     [0-9a-f]{64}")
                .contains("abi        1")
                .contains("  name=text-detect")
                .contains("  input.size=640x640")
                .contains("  wasi_ephemeral_nn.set_output")
                .contains("  vigil_host.letterbox")
                .contains("  vigil_process (FUNCTION)")
                .contains("signature  unsigned")
                .doesNotContain("problem");
        assertThat(CliRun.fail("modules", "inspect", dir.resolve("missing.wasm").toString()))
                .contains("missing.wasm: no such module file");
        Path junk = Files.writeString(dir.resolve("junk.wasm"), "not wasm");
        assertThat(CliRun.fail("modules", "inspect", junk.toString()))
                .contains("is not a WebAssembly module");
    }

    private Path bundled(String name) throws IOException {
        Path file = dir.resolve(name + ".wasm");
        try (InputStream in =
                GuestModule.class
                        .getClassLoader()
                        .getResourceAsStream(GuestModule.BUNDLED + name + ".wasm")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }
}

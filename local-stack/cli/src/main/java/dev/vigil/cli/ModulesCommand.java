package dev.vigil.cli;

import dev.vigil.wasm.ModuleInfo;
import dev.vigil.wasm.signing.ModuleSignatures;
import dev.vigil.wasm.signing.TrustStore;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil modules keygen|sign|verify|inspect}: Ed25519 signing of guest modules and a look
 * inside one. A deployment with {@code requireSignatures} loads only modules whose {@code .sig} a
 * key in its trust store (a directory of {@code .pub} files) verifies.
 */
@Command(
        name = "modules",
        mixinStandardHelpOptions = true,
        subcommands = {
            ModulesCommand.Keygen.class,
            ModulesCommand.Sign.class,
            ModulesCommand.Verify.class,
            ModulesCommand.Inspect.class
        },
        description = "Sign, verify and inspect Wasm guest modules.")
final class ModulesCommand {
    private ModulesCommand() {}

    @Command(
            name = "keygen",
            description =
                    "Write a new Ed25519 key pair: <name>.key (private, PKCS#8 PEM, keep it secret)"
                        + " and <name>.pub (public, X.509 PEM: copy it into the deployment's trust"
                        + " store).")
    static final class Keygen implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "Key file name, e.g. ci.")
        String name;

        @Option(names = "--out", description = "Directory to write to (default: ${DEFAULT-VALUE}).")
        Path out = Path.of(".");

        @Override
        public Integer call() throws IOException {
            Path key = out.resolve(name + ".key");
            Path pub = out.resolve(name + ".pub");
            for (Path file : new Path[] {key, pub}) {
                if (Files.exists(file)) {
                    throw new FileAlreadyExistsException(
                            file + " exists; choose another --name or remove it first");
                }
            }
            Files.createDirectories(out);
            KeyPair pair = ModuleSignatures.generate();
            Files.writeString(key, ModuleSignatures.pem(pair.getPrivate()));
            ownerOnly(key);
            Files.writeString(pub, ModuleSignatures.pem(pair.getPublic()));
            System.out.println("private key " + key + " (keep it secret)");
            System.out.println(
                    "public key  "
                            + pub
                            + " fingerprint "
                            + ModuleSignatures.fingerprint(pair.getPublic())
                            + " (copy it into the trust store)");
            return 0;
        }

        private static void ownerOnly(Path file) throws IOException {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: its own access control applies.
            }
        }
    }

    @Command(name = "sign", description = "Sign a module: writes <module>.sig beside it.")
    static final class Sign implements Callable<Integer> {
        @Option(names = "--key", required = true, description = "Private key (.key) to sign with.")
        Path key;

        @Parameters(paramLabel = "MODULE", description = "The .wasm file.")
        Path module;

        @Override
        public Integer call() throws IOException {
            PrivateKey privateKey = ModuleSignatures.readPrivateKey(key);
            ModuleInfo.read(module.toString(), bytes(module)); // refuse what is not Wasm
            Path signature = ModuleSignatures.signFile(module, privateKey);
            System.out.println("signed " + module + " -> " + signature);
            return 0;
        }
    }

    @Command(
            name = "verify",
            description = "Check a module's signature against a trust store; exit 1 if invalid.")
    static final class Verify implements Callable<Integer> {
        @Option(
                names = "--trust-store",
                required = true,
                description = "Directory of trusted public keys (*.pub).")
        Path trustStore;

        @Parameters(paramLabel = "MODULE", description = "The .wasm file.")
        Path module;

        @Override
        public Integer call() throws IOException {
            bytes(module); // a missing file is not "unsigned"
            Status status = Status.of(module, Optional.of(TrustStore.load(trustStore)));
            if (!status.valid()) {
                throw new IllegalStateException(module + ": " + status.text());
            }
            System.out.println(module + ": " + status.text());
            return 0;
        }
    }

    @Command(
            name = "inspect",
            description =
                    "Show a module's metadata, ABI version, imports, exports, size, sha256 and"
                            + " signature.")
    static final class Inspect implements Callable<Integer> {
        @Option(
                names = "--trust-store",
                description = "Directory of trusted public keys (*.pub) to check the signature.")
        Path trustStore;

        @Parameters(paramLabel = "MODULE", description = "The .wasm file.")
        Path module;

        @Override
        public Integer call() throws IOException {
            ModuleInfo info = ModuleInfo.read(module.toString(), bytes(module));
            Optional<TrustStore> trust = Optional.ofNullable(trustStore).map(TrustStore::load);
            System.out.println("module     " + module);
            System.out.println("size       " + info.size() + " bytes");
            System.out.println("sha256     " + info.sha256());
            System.out.println("abi        " + (info.abi() < 0 ? "unknown" : info.abi()));
            System.out.println("metadata   " + (info.metadata().isEmpty() ? "(none)" : ""));
            info.metadata().ifPresent(m -> m.lines().forEach(l -> System.out.println("  " + l)));
            System.out.println("imports    " + info.imports().size());
            info.imports().forEach(i -> System.out.println("  " + i));
            System.out.println("exports    " + info.exports().size());
            info.exports().forEach(e -> System.out.println("  " + e));
            System.out.println("signature  " + Status.of(module, trust).text());
            info.problem().ifPresent(p -> System.out.println("problem    " + p));
            return 0;
        }
    }

    private static byte[] bytes(Path module) throws IOException {
        if (!Files.isRegularFile(module)) {
            throw new NoSuchFileException(
                    module.toString(), null, "no such module file; give the path of a .wasm file");
        }
        return Files.readAllBytes(module);
    }

    /** A module's signature as found on disk. */
    record Status(boolean valid, String text) {
        static Status of(Path module, Optional<TrustStore> trust) throws IOException {
            Path file = ModuleSignatures.signatureFile(module);
            if (!Files.exists(file)) {
                return new Status(
                        false,
                        "unsigned (no "
                                + file.getFileName()
                                + "); sign it with 'vigil modules sign --key <name>.key "
                                + module
                                + "'");
            }
            if (trust.isEmpty()) {
                return new Status(false, "signed, not checked (give --trust-store to check)");
            }
            byte[] signature;
            try {
                signature = ModuleSignatures.readSignature(file);
            } catch (IOException e) {
                return new Status(false, "INVALID: " + e.getMessage());
            }
            return trust.get()
                    .signer(Files.readAllBytes(module), signature)
                    .map(key -> new Status(true, "valid, signed by " + key))
                    .orElseGet(
                            () ->
                                    new Status(
                                            false,
                                            "INVALID: not made over these bytes by any key in "
                                                    + trust.get().directory()
                                                    + " "
                                                    + trust.get().keyNames()
                                                    + "; re-sign the module or trust its"
                                                    + " signer's .pub"));
        }
    }
}

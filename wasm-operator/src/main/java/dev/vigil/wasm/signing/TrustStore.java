package dev.vigil.wasm.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The public keys a deployment trusts to sign guest modules: every {@code *.pub} file (PEM, X.509
 * {@code BEGIN PUBLIC KEY}, Ed25519) in one directory, named by its file. Adding a signer is
 * copying its {@code .pub} there; revoking one is deleting it (and restarting the job).
 */
public final class TrustStore {
    private final Path directory;
    private final Map<String, PublicKey> keys;

    private TrustStore(Path directory, Map<String, PublicKey> keys) {
        this.directory = directory;
        this.keys = keys;
    }

    /**
     * Reads every {@code *.pub} in {@code directory}.
     *
     * @throws UncheckedIOException when the directory or a key cannot be read, naming the file
     */
    public static TrustStore load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new UncheckedIOException(
                    new IOException(
                            "Trust store "
                                    + directory.toAbsolutePath()
                                    + " is not a directory. Create it and copy the signers' .pub"
                                    + " files into it (vigil modules keygen writes one)."));
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pub")).sorted().toList()) {
                keys.put(file.getFileName().toString(), ModuleSignatures.readPublicKey(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TrustStore(directory, keys);
    }

    public Path directory() {
        return directory;
    }

    /** The key files, in name order. */
    public List<String> keyNames() {
        return List.copyOf(keys.keySet());
    }

    /** The key file whose key made {@code signature} over {@code module}, if any. */
    public Optional<String> signer(byte[] module, byte[] signature) {
        return keys.entrySet().stream()
                .filter(e -> ModuleSignatures.verify(module, signature, e.getValue()))
                .map(Map.Entry::getKey)
                .findFirst();
    }
}

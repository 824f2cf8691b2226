package dev.vigil.job.store;

import dev.vigil.wasm.GuestLoadException;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.WasmSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * A guest module at a URI Flink's file systems read ({@code
 * vigil.guest=s3://bucket/guests/x.wasm}), with its detached signature {@code <module>.sig} beside
 * it when there is one: read at each subtask's start (a guest is small) and checked as a local file
 * is.
 */
public final class SharedGuest {
    private SharedGuest() {}

    /**
     * @throws GuestLoadException if it cannot be read, with the URI
     */
    public static GuestModule load(URI uri, WasmSettings settings) {
        Path module = new Path(uri);
        Path signature = new Path(uri.toString() + ".sig");
        byte[] bytes;
        byte[] signatureBytes = null;
        try {
            FileSystem fs = module.getFileSystem();
            bytes = read(fs, module);
            if (fs.exists(signature)) {
                String text = new String(read(fs, signature), StandardCharsets.US_ASCII).strip();
                signatureBytes = Base64.getDecoder().decode(text);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new GuestLoadException(
                    uri.toString(),
                    List.of(),
                    "Cannot read guest module "
                            + uri
                            + " (or its signature "
                            + signature
                            + "): "
                            + e
                            + ". Is it there, and does the cluster have Flink's file system"
                            + " plugin for "
                            + uri.getScheme()
                            + "://?",
                    e);
        }
        return GuestModule.load(uri.toString(), bytes, signatureBytes, settings);
    }

    private static byte[] read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return in.readAllBytes();
        }
    }
}

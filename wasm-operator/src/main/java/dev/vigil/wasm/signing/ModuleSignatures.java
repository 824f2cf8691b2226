package dev.vigil.wasm.signing;

import dev.vigil.wasm.internal.CompiledGuests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 signatures over a guest module's bytes (the JDK's own provider, no library). A signature
 * is detached: {@code <module>.wasm.sig} beside the module, one line of Base64 of the 64-byte
 * signature. Keys are PEM: the private key PKCS#8 ({@code BEGIN PRIVATE KEY}), the public key X.509
 * SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}), as {@code openssl genpkey -algorithm ed25519}
 * writes them.
 */
public final class ModuleSignatures {
    static final String ALGORITHM = "Ed25519";
    static final String SUFFIX = ".sig";

    private ModuleSignatures() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK has no Ed25519 (needs Java 15+)", e);
        }
    }

    /** The detached signature file of a module: {@code <module>.sig}. */
    public static Path signatureFile(Path module) {
        return module.resolveSibling(module.getFileName() + SUFFIX);
    }

    public static byte[] sign(byte[] module, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(module);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** Signs the module file and writes its detached signature beside it; returns that file. */
    public static Path signFile(Path module, PrivateKey key) throws IOException {
        Path file = signatureFile(module);
        String line = Base64.getEncoder().encodeToString(sign(Files.readAllBytes(module), key));
        Files.writeString(file, line + "\n", StandardCharsets.US_ASCII);
        return file;
    }

    static boolean verify(byte[] module, byte[] signature, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(module);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature verifies against nothing
        }
    }

    /** Reads a detached signature file (Base64 text). */
    public static byte[] readSignature(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a Base64 signature: " + e.getMessage(), e);
        }
    }

    public static String pem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        byte[] der = der(file, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    public static PublicKey readPublicKey(Path file) throws IOException {
        byte[] der = der(file, "PUBLIC KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** A short fingerprint of a public key: the first 16 hex digits of SHA-256 of its DER. */
    public static String fingerprint(PublicKey key) {
        return CompiledGuests.sha256(key.getEncoded()).substring(0, 16);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }

    private static byte[] der(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + " is not a PEM file with a '" + begin + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": bad Base64 in the PEM block: " + e.getMessage(), e);
        }
    }
}

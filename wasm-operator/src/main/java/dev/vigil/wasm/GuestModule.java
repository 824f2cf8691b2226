package dev.vigil.wasm;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import dev.vigil.wasm.internal.AbiCheck;
import dev.vigil.wasm.internal.CompiledGuests;
import dev.vigil.wasm.signing.ModuleSignatures;
import dev.vigil.wasm.signing.SignatureCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A guest module checked against this host and a deployment, ready to instantiate: valid Wasm,
 * readable metadata of ABI v{@value GuestMetadata#ABI_VERSION}, only imports the host offers, the
 * ABI's exports, models the deployment allows and memory within its limit. Every check runs at
 * load, so a bad guest is refused before any frame reaches it. The parsed and compiled code is
 * shared by content hash ({@link CompiledGuests}).
 */
public final class GuestModule {
    /** Class path folder of the guests built into this jar. */
    public static final String BUNDLED = "dev/vigil/wasm/guests/";

    private final CompiledGuests.Entry code;
    private final MemoryLimits memoryLimits;

    private GuestModule(CompiledGuests.Entry code, MemoryLimits memoryLimits) {
        this.code = code;
        this.memoryLimits = memoryLimits;
    }

    /**
     * Loads a user-supplied guest file; its detached signature, {@code <file>.sig}, is checked when
     * the settings require signatures.
     *
     * @throws GuestSignatureException signatures required and it is unsigned or badly signed
     */
    public static GuestModule load(Path file, WasmSettings settings) {
        byte[] bytes;
        byte[] signature = null;
        Path signatureFile = ModuleSignatures.signatureFile(file);
        try {
            bytes = Files.readAllBytes(file);
            if (settings.requireSignatures() && Files.exists(signatureFile)) {
                signature = ModuleSignatures.readSignature(signatureFile);
            }
        } catch (IOException e) {
            throw new GuestLoadException(
                    file.toString(), List.of(), "Cannot read guest module " + file + ": " + e, e);
        }
        if (settings.requireSignatures()) {
            SignatureCheck.require(file.toString(), bytes, signature, settings);
        }
        return load(file.toString(), bytes, settings, false);
    }

    /** Loads a guest that ships in this jar, e.g. {@code deterministic-detect}. */
    public static GuestModule bundled(String name, WasmSettings settings) {
        String resource = BUNDLED + name + ".wasm";
        try (InputStream in = GuestModule.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new GuestLoadException(
                        name, "No bundled guest '" + name + "' (looked for " + resource + ")");
            }
            return load(resource, in.readAllBytes(), settings, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks and loads a module.
     *
     * @param source how errors name it (a file or resource name)
     * @throws GuestLoadException not Wasm, or without the ABI's exports
     * @throws GuestMetadataException metadata missing, malformed, of another ABI version, or naming
     *     models the deployment does not allow
     * @throws GuestLinkException imports the host does not offer (all are named)
     * @throws GuestLoadException its initial memory exceeds {@link WasmSettings#maxMemoryPages()}
     * @throws GuestSignatureException the settings require signatures: bytes alone carry none, so
     *     use {@link #load(String, byte[], byte[], WasmSettings)}
     */
    public static GuestModule load(String source, byte[] bytes, WasmSettings settings) {
        return load(source, bytes, settings, settings.requireSignatures());
    }

    /**
     * Checks and loads a module with its detached signature (null when it has none).
     *
     * @throws GuestSignatureException signatures required and it is unsigned or badly signed
     */
    public static GuestModule load(
            String source, byte[] bytes, byte[] signature, WasmSettings settings) {
        if (settings.requireSignatures()) {
            SignatureCheck.require(source, bytes, signature, settings);
        }
        return load(source, bytes, settings, false);
    }

    private static GuestModule load(
            String source, byte[] bytes, WasmSettings settings, boolean unsignedBytes) {
        if (unsignedBytes) {
            SignatureCheck.require(source, bytes, null, settings);
        }
        CompiledGuests.Entry code =
                CompiledGuests.get(source, bytes, settings.execution(), GuestModule::check);
        checkDeployment(source, code.metadata(), settings);
        MemoryLimits declared = memoryOf(code.module());
        if (declared.initialPages() > settings.maxMemoryPages()) {
            throw new GuestLoadException(
                    code.metadata().label(),
                    "Guest "
                            + code.metadata().label()
                            + " ("
                            + source
                            + ") starts with "
                            + declared.initialPages()
                            + " pages of linear memory, more than maxMemoryPages="
                            + settings.maxMemoryPages()
                            + ". Raise maxMemoryPages or build the guest with a smaller stack"
                            + " and data.");
        }
        MemoryLimits limits =
                new MemoryLimits(
                        declared.initialPages(),
                        Math.min(declared.maximumPages(), settings.maxMemoryPages()));
        return new GuestModule(code, limits);
    }

    /** The checks that depend on the bytes alone, run once per content hash. */
    static GuestMetadata check(String source, WasmModule module) {
        GuestMetadata metadata = metadataOf(source, module);
        AbiCheck.imports(source, metadata, module);
        AbiCheck.exports(source, metadata, module);
        return metadata;
    }

    private static GuestMetadata metadataOf(String source, WasmModule module) {
        CustomSection section = module.customSection(GuestMetadata.SECTION);
        if (!(section instanceof UnknownCustomSection raw)) {
            throw new GuestMetadataException(
                    source,
                    "Guest "
                            + source
                            + " has no '"
                            + GuestMetadata.SECTION
                            + "' custom section, so this host cannot tell which ABI it speaks."
                            + " Build it with the Vigil guest SDK (guest! macro) or add the"
                            + " section as docs/guest-abi.md describes.");
        }
        GuestMetadata metadata = GuestMetadata.parse(source, raw.bytes());
        if (metadata.abi() != GuestMetadata.ABI_VERSION) {
            throw new GuestMetadataException(
                    metadata.label(),
                    "Guest "
                            + metadata.label()
                            + " ("
                            + source
                            + ") was built for guest ABI v"
                            + metadata.abi()
                            + "; this host speaks v"
                            + GuestMetadata.ABI_VERSION
                            + ". Rebuild it with the guest SDK for ABI v"
                            + GuestMetadata.ABI_VERSION
                            + ", or deploy a Vigil version that speaks v"
                            + metadata.abi()
                            + ".");
        }
        return metadata;
    }

    private static void checkDeployment(String source, GuestMetadata metadata, WasmSettings s) {
        List<String> missing =
                metadata.models().stream()
                        .filter(name -> !s.allowedModels().containsKey(name))
                        .toList();
        if (!missing.isEmpty()) {
            throw new GuestMetadataException(
                    metadata.label(),
                    "Guest "
                            + metadata.label()
                            + " ("
                            + source
                            + ") needs models "
                            + missing
                            + " that this deployment does not allow (allowed: "
                            + s.allowedModels().keySet()
                            + "). Allow each under the name the guest uses, e.g."
                            + " WasmSettings.builder().allowModel(\""
                            + missing.get(0)
                            + "\", ModelRef.parse(\"name@version\")).");
        }
    }

    private static MemoryLimits memoryOf(WasmModule module) {
        return module.memorySection()
                .filter(section -> section.memoryCount() == 1)
                .map(section -> section.getMemory(0).limits())
                .orElseThrow(() -> new ChicoryException("checked by AbiCheck.exports"));
    }

    public GuestMetadata metadata() {
        return code.metadata();
    }

    /** {@code name@version} of the guest. */
    public String label() {
        return code.metadata().label();
    }

    /** SHA-256 of the module's bytes, hex. */
    public String sha256() {
        return code.sha256();
    }

    /** Whether its code runs compiled (false: Chicory's interpreter). */
    public boolean compiled() {
        return code.compiled();
    }

    /** Initial pages as declared, maximum as the deployment allows. */
    public MemoryLimits memoryLimits() {
        return memoryLimits;
    }

    /** The parsed and compiled code, shared by every module of the same bytes. */
    CompiledGuests.Entry code() {
        return code;
    }
}

package dev.vigil.wasm;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import dev.vigil.wasm.internal.CompiledGuests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a module declares, read without a deployment's settings (no model allow-list, nothing
 * compiled): for {@code vigil modules inspect}. {@link GuestModule#load} does the checks.
 *
 * @param metadata the raw {@code vigil.guest} section text, if present
 * @param abi the ABI version it declares, or -1 when unreadable
 * @param imports {@code module.name type} per import
 * @param exports {@code name (kind)} per export
 * @param problem why a host would refuse it at first sight (metadata or imports), if so
 */
public record ModuleInfo(
        long size,
        String sha256,
        Optional<String> metadata,
        int abi,
        List<String> imports,
        List<String> exports,
        Optional<String> problem) {

    /**
     * @throws IllegalArgumentException when the bytes are not a WebAssembly module
     */
    public static ModuleInfo read(String source, byte[] bytes) {
        WasmModule module;
        try {
            module = Parser.parse(bytes);
        } catch (ChicoryException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    source + " is not a WebAssembly module: " + e.getMessage(), e);
        }
        List<String> imports = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imported = module.importSection().getImport(i);
            String type =
                    imported instanceof FunctionImport f
                            ? module.typeSection().getType(f.typeIndex()).toString()
                            : "(" + imported.importType() + ")";
            imports.add(imported.module() + "." + imported.name() + " " + type);
        }
        List<String> exports = new ArrayList<>();
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            exports.add(export.name() + " (" + export.exportType() + ")");
        }
        Optional<String> metadata =
                module.customSection(GuestMetadata.SECTION) instanceof UnknownCustomSection raw
                        ? Optional.of(new String(raw.bytes(), StandardCharsets.UTF_8))
                        : Optional.empty();
        int abi = -1;
        Optional<String> problem = Optional.empty();
        try {
            GuestMetadata parsed = GuestModule.check(source, module);
            abi = parsed.abi();
        } catch (GuestException e) {
            problem = Optional.of(e.getMessage());
            abi = declaredAbi(metadata);
        }
        return new ModuleInfo(
                bytes.length,
                CompiledGuests.sha256(bytes),
                metadata,
                abi,
                imports,
                exports,
                problem);
    }

    private static int declaredAbi(Optional<String> metadata) {
        return metadata.flatMap(
                        text ->
                                text.lines()
                                        .filter(l -> l.startsWith("abi="))
                                        .findFirst()
                                        .map(l -> l.substring(4).strip()))
                .map(
                        v -> {
                            try {
                                return Integer.parseInt(v);
                            } catch (NumberFormatException e) {
                                return -1;
                            }
                        })
                .orElse(-1);
    }
}

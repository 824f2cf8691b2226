package dev.vigil.wasm.internal;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;
import dev.vigil.wasm.GuestLinkException;
import dev.vigil.wasm.GuestLoadException;
import dev.vigil.wasm.GuestMetadata;
import java.util.ArrayList;
import java.util.List;

/** The guest ABI's rules on a module's imports and exports, checked before instantiation. */
public final class AbiCheck {
    private static final FunctionType I32_I32_TO_I32 =
            FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I32));

    private AbiCheck() {}

    /** Every import must be one the host offers, with its signature; all others are named. */
    public static void imports(String source, GuestMetadata metadata, WasmModule module) {
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imported = module.importSection().getImport(i);
            String name = imported.module() + "." + imported.name();
            if (!(imported instanceof FunctionImport function)) {
                unknown.add(
                        name + " (a " + imported.importType() + "; only functions are offered)");
                continue;
            }
            FunctionType wanted = module.typeSection().getType(function.typeIndex());
            FunctionType offered = HostImports.type(imported.module(), imported.name());
            if (offered == null) {
                unknown.add(name + " " + wanted);
            } else if (!offered.typesMatch(wanted)) {
                unknown.add(name + " " + wanted + " (the host's is " + offered + ")");
            }
        }
        if (!unknown.isEmpty()) {
            throw new GuestLinkException(
                    metadata.label(),
                    "Guest "
                            + metadata.label()
                            + " ("
                            + source
                            + ") imports what this host does not offer: "
                            + String.join(", ", unknown)
                            + ". Guest ABI v"
                            + GuestMetadata.ABI_VERSION
                            + " offers only "
                            + HostImports.describe()
                            + " (docs/guest-abi.md); remove the other imports from the guest.");
        }
    }

    /**
     * A memory of its own, {@code vigil_alloc} and {@code vigil_process}, both (i32, i32) -> i32.
     */
    public static void exports(String source, GuestMetadata metadata, WasmModule module) {
        List<String> problems = new ArrayList<>();
        boolean ownMemory =
                module.memorySection().map(section -> section.memoryCount() == 1).orElse(false);
        if (!ownMemory) {
            problems.add("it must define exactly one linear memory of its own");
        }
        for (String name : List.of("vigil_alloc", "vigil_process")) {
            FunctionType type = exportedFunction(module, name);
            if (type == null) {
                problems.add("it does not export function " + name);
            } else if (!type.typesMatch(I32_I32_TO_I32)) {
                problems.add(name + " is " + type + ", not " + I32_I32_TO_I32);
            }
        }
        if (!problems.isEmpty()) {
            throw new GuestLoadException(
                    metadata.label(),
                    "Guest "
                            + metadata.label()
                            + " ("
                            + source
                            + ") does not fit guest ABI v"
                            + GuestMetadata.ABI_VERSION
                            + ": "
                            + String.join("; ", problems)
                            + ". See docs/guest-abi.md, section Exports.");
        }
    }

    private static FunctionType exportedFunction(WasmModule module, String name) {
        int importedFunctions = module.importSection().count(ExternalType.FUNCTION);
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export export = module.exportSection().getExport(i);
            if (export.name().equals(name) && export.exportType() == ExternalType.FUNCTION) {
                int index = export.index();
                if (index < importedFunctions) {
                    return null; // re-exporting a host function is not an implementation
                }
                return module.functionSection()
                        .getFunctionType(index - importedFunctions, module.typeSection());
            }
        }
        return null;
    }
}

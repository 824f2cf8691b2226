package dev.vigil.wasm.internal;

import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.List;
import java.util.Map;

/**
 * Every import a guest may have (guest ABI v1), with its signature: the functions the host modules
 * declare, the wasi-nn shaped {@link NnHostModule} and Vigil's {@link KernelHostModule}. Nothing
 * else links. The list is those classes' {@code @WasmExport} methods, written nowhere else; {@code
 * AbiDeclarationTest} holds it against docs/guest-abi.md, the guest SDK and the bundled guests.
 */
final class HostImports {
    static final List<Class<?>> MODULES = List.of(NnHostModule.class, KernelHostModule.class);

    private static final Map<String, FunctionType> OFFERED = HostFunctions.declared(MODULES);

    private HostImports() {}

    /** The signature of {@code module.name}, or null when the host does not offer it. */
    static FunctionType type(String module, String name) {
        return OFFERED.get(module + "." + name);
    }

    /** {@code module.name} to signature of every offered import. */
    static Map<String, FunctionType> offered() {
        return OFFERED;
    }

    /** {@code module.name(params) -> results} of every offered import, for messages and docs. */
    static List<String> describe() {
        return OFFERED.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
    }
}

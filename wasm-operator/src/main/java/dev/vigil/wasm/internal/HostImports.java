package dev.vigil.wasm.internal;

import static com.dylibso.chicory.wasm.types.ValType.F32;
import static com.dylibso.chicory.wasm.types.ValType.I32;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Every import a guest may have (guest ABI v1), with its signature: the wasi-nn shaped inference
 * module and Vigil's host kernels. Nothing else links.
 */
public final class HostImports {
    static final String NN = "wasi_ephemeral_nn";
    static final String KERNELS = "vigil_host";

    private static final Map<String, FunctionType> OFFERED = new LinkedHashMap<>();

    static {
        offer(NN, "load_by_name", 3);
        offer(NN, "init_execution_context", 2);
        offer(NN, "set_input", 3);
        offer(NN, "set_output", 4);
        offer(NN, "compute", 1);
        offer(NN, "get_output", 5);
        offer(NN, "input_type", 3);
        offer(KERNELS, "letterbox", 6);
        offer(KERNELS, "crop_resize", 10);
        offer(KERNELS, "letterbox_u8", 6);
        offer(KERNELS, "crop_resize_u8", 10);
        OFFERED.put(
                KERNELS + ".emit_detection",
                FunctionType.of(List.of(I32, I32, F32, F32, F32, F32, F32), List.of(I32)));
        offer(KERNELS, "fail_frame", 3);
        OFFERED.put(KERNELS + ".log", FunctionType.of(List.of(I32, I32), List.of()));
    }

    private HostImports() {}

    private static void offer(String module, String name, int i32Params) {
        ValType[] params = new ValType[i32Params];
        java.util.Arrays.fill(params, I32);
        OFFERED.put(module + "." + name, FunctionType.of(params, new ValType[] {I32}));
    }

    /** The signature of {@code module.name}, or null when the host does not offer it. */
    static FunctionType type(String module, String name) {
        return OFFERED.get(module + "." + name);
    }

    /**
     * Import {@code module.name} as a function returning one i32 status, which {@code body}
     * computes from the call's arguments.
     */
    static HostFunction statusFunction(String module, String name, ToIntFunction<long[]> body) {
        // One result array per function and instance, not one per call: Chicory reads the result
        // before the guest goes on, and an instance runs on one thread at a time.
        long[] result = new long[1];
        return new HostFunction(
                module,
                name,
                type(module, name),
                (Instance instance, long... args) -> {
                    result[0] = body.applyAsInt(args);
                    return result;
                });
    }

    /** {@code module.name(params) -> results} of every offered import, for messages and docs. */
    static List<String> describe() {
        return OFFERED.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
    }
}

package dev.vigil.wasm.internal;

import com.dylibso.chicory.annotations.HostModule;
import com.dylibso.chicory.annotations.WasmExport;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Host functions from their Java declaration: a class annotated with Chicory's {@link HostModule}
 * declares each import a guest may have as a method annotated {@link WasmExport}, with Java
 * parameter types for the Wasm ones ({@code int} i32, {@code float} f32); the Wasm name is the
 * annotation's value or the method name in snake case ({@code loadByName} is {@code load_by_name}).
 * The same annotations that Chicory's annotation processor reads: this class does at start-up, with
 * method handles, what the processor's generated {@code *_ModuleFactory} would do at build time
 * (that processor is not published for the Chicory version used here; see DESIGN.md). The Wasm
 * arguments are decoded here and nowhere else.
 */
final class HostFunctions {
    /**
     * What a host module makes of an exception of one of its status-returning functions: the status
     * the guest gets, or the exception rethrown (which abandons the guest's call).
     */
    interface Faults {
        int status(String function, RuntimeException e);
    }

    private static final MethodHandle F32;

    static {
        try {
            F32 =
                    MethodHandles.lookup()
                            .findStatic(
                                    HostFunctions.class,
                                    "f32",
                                    MethodType.methodType(float.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private HostFunctions() {}

    /** The Wasm module name a host module class declares. */
    static String moduleName(Class<?> module) {
        HostModule declared = module.getAnnotation(HostModule.class);
        if (declared == null) {
            throw new IllegalArgumentException(module + " is not annotated @HostModule");
        }
        return declared.value();
    }

    /** {@code module.name} to signature of every function the classes declare, in their order. */
    static Map<String, FunctionType> declared(List<Class<?>> modules) {
        Map<String, FunctionType> types = new LinkedHashMap<>();
        for (Class<?> module : modules) {
            for (Method method : exports(module)) {
                types.put(moduleName(module) + "." + wasmName(method), type(method));
            }
        }
        return types;
    }

    /** The host functions of {@code module}'s declared methods, bound to it. */
    static List<HostFunction> of(Object module, Faults faults) {
        String moduleName = moduleName(module.getClass());
        List<HostFunction> functions = new ArrayList<>();
        for (Method method : exports(module.getClass())) {
            functions.add(function(moduleName, method, module, faults));
        }
        return functions;
    }

    private static List<Method> exports(Class<?> module) {
        // By Wasm name: reflection keeps no declaration order, and a linker needs none.
        return Arrays.stream(module.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(WasmExport.class))
                .sorted(Comparator.comparing(HostFunctions::wasmName))
                .toList();
    }

    static String wasmName(Method method) {
        String name = method.getAnnotation(WasmExport.class).value();
        return name.isEmpty() ? snakeCase(method.getName()) : name;
    }

    private static String snakeCase(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static FunctionType type(Method method) {
        List<ValType> params =
                Arrays.stream(method.getParameterTypes()).map(t -> valType(t, method)).toList();
        Class<?> returned = method.getReturnType();
        return FunctionType.of(
                params, returned == void.class ? List.of() : List.of(valType(returned, method)));
    }

    private static ValType valType(Class<?> javaType, Method method) {
        if (javaType == int.class) {
            return ValType.I32;
        }
        if (javaType == float.class) {
            return ValType.F32;
        }
        throw new IllegalArgumentException(
                method + ": only int (i32) and float (f32) are Wasm types here, not " + javaType);
    }

    private static HostFunction function(
            String moduleName, Method method, Object module, Faults faults) {
        String name = wasmName(method);
        MethodHandle handle = spread(method, module);
        if (method.getReturnType() == void.class) {
            return new HostFunction(
                    moduleName,
                    name,
                    type(method),
                    (Instance instance, long... args) -> {
                        invokeVoid(handle, args);
                        return null;
                    });
        }
        // One result array per function and instance, not one per call: Chicory reads the result
        // before the guest goes on, and an instance runs on one thread at a time.
        long[] result = new long[1];
        return new HostFunction(
                moduleName,
                name,
                type(method),
                (Instance instance, long... args) -> {
                    try {
                        result[0] = invoke(handle, args);
                    } catch (RuntimeException e) {
                        result[0] = faults.status(name, e);
                    }
                    return result;
                });
    }

    /** {@code (long[] args) -> long} (or void) calling {@code method} on {@code module}. */
    private static MethodHandle spread(Method method, Object module) {
        MethodHandle handle;
        try {
            handle = MethodHandles.lookup().unreflect(method).bindTo(module);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(method + " must be accessible to HostFunctions", e);
        }
        Class<?>[] params = method.getParameterTypes();
        for (int i = 0; i < params.length; i++) {
            if (params[i] == float.class) {
                handle = MethodHandles.filterArguments(handle, i, F32);
            }
        }
        Class<?>[] raw = new Class<?>[params.length];
        Arrays.fill(raw, long.class);
        Class<?> returned = method.getReturnType() == void.class ? void.class : long.class;
        // long -> int is Wasm's i32 from Chicory's long slot, int -> long the result's slot.
        handle = MethodHandles.explicitCastArguments(handle, MethodType.methodType(returned, raw));
        return handle.asSpreader(long[].class, params.length);
    }

    private static long invoke(MethodHandle handle, long[] args) {
        try {
            return (long) handle.invokeExact(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static void invokeVoid(MethodHandle handle, long[] args) {
        try {
            handle.invokeExact(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** An f32 argument from Chicory's long slot (its raw bits). */
    private static float f32(long raw) {
        return Float.intBitsToFloat((int) raw);
    }
}

package dev.vigil.wasm.internal;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.vigil.wasm.GuestLoadException;
import dev.vigil.wasm.GuestMetadata;
import dev.vigil.wasm.WasmSettings;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's parsed and compiled guests, by SHA-256 of their bytes and execution mode: every
 * slot, pool and reload of the same bytes shares one compilation (Chicory's compiler turns a guest
 * into JVM classes, which takes long enough to matter at start-up and holds metaspace).
 */
public final class CompiledGuests {
    private static final Logger LOG = LoggerFactory.getLogger(CompiledGuests.class);
    private static final Map<String, Entry> CACHE = new ConcurrentHashMap<>();

    public record Entry(
            String sha256,
            WasmModule module,
            GuestMetadata metadata,
            Function<Instance, Machine> machineFactory,
            boolean compiled) {}

    private CompiledGuests() {}

    public static Entry get(
            String source,
            byte[] bytes,
            WasmSettings.Execution execution,
            BiFunction<String, WasmModule, GuestMetadata> check) {
        String sha256 = sha256(bytes);
        Entry cached = CACHE.get(sha256 + "/" + execution);
        if (cached != null) {
            return cached;
        }
        Entry entry = build(source, sha256, bytes, execution, check);
        Entry raced = CACHE.putIfAbsent(sha256 + "/" + execution, entry);
        return raced == null ? entry : raced;
    }

    private static Entry build(
            String source,
            String sha256,
            byte[] bytes,
            WasmSettings.Execution execution,
            BiFunction<String, WasmModule, GuestMetadata> check) {
        WasmModule module;
        try {
            module = Parser.parse(bytes);
        } catch (ChicoryException | IllegalArgumentException e) {
            throw new GuestLoadException(
                    source,
                    List.of(),
                    "Guest "
                            + source
                            + " (sha256 "
                            + sha256
                            + ") is not a valid WebAssembly module: "
                            + e.getMessage(),
                    e);
        }
        GuestMetadata metadata = check.apply(source, module);
        if (execution == WasmSettings.Execution.INTERPRETED) {
            return new Entry(sha256, module, metadata, InterpreterMachine::new, false);
        }
        long start = System.nanoTime();
        try {
            Function<Instance, Machine> factory =
                    MachineFactoryCompiler.builder(module)
                            .withInterpreterFallback(InterpreterFallback.WARN)
                            .compile();
            LOG.info(
                    "Compiled guest {} ({}, sha256 {}) in {} ms",
                    metadata.label(),
                    source,
                    sha256,
                    (System.nanoTime() - start) / 1_000_000);
            return new Entry(sha256, module, metadata, factory, true);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn(
                    "Chicory's compiler could not compile guest {} ({}, sha256 {}): {}. It runs"
                            + " in the interpreter instead, several times slower; report the"
                            + " module to the guest's authors and to Chicory.",
                    metadata.label(),
                    source,
                    sha256,
                    e.toString());
            return new Entry(sha256, module, metadata, InterpreterMachine::new, false);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}

package dev.vigil.wasm.internal;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelDescriptor;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelLease;
import dev.vigil.nn.ModelRef;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.WasmSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The models one pool's guests can reach: the names the guest declares, each bound to the model the
 * deployment allows under that name, leased for as long as the pool lives. A wasi-nn graph handle
 * is an index into this list; nothing else (no bytes, no paths) reaches a model.
 */
public final class ModelBindings implements AutoCloseable {
    private final List<String> names = new ArrayList<>();
    private final List<ModelLease> leases = new ArrayList<>();

    public static ModelBindings lease(GuestModule guest, WasmSettings settings, ModelHost host) {
        ModelBindings bindings = new ModelBindings();
        List<String> needed = guest.metadata().models();
        if (!needed.isEmpty() && host == null) {
            throw new IllegalArgumentException(
                    "Guest "
                            + guest.label()
                            + " needs models "
                            + needed
                            + ": give the pool a ModelHost");
        }
        try {
            for (String name : needed) {
                ModelRef ref = settings.allowedModels().get(name);
                bindings.names.add(name);
                bindings.leases.add(host.lease(ref, settings.deviceIndex()));
            }
        } catch (RuntimeException e) {
            bindings.close();
            throw e;
        }
        return bindings;
    }

    /** The graph handle of {@code name}, or -1 when the guest may not load it. */
    int graph(String name) {
        return names.indexOf(name);
    }

    ModelLease lease(int graph) {
        if (graph < 0 || graph >= leases.size()) {
            throw new IllegalArgumentException("no graph " + graph);
        }
        return leases.get(graph);
    }

    String name(int graph) {
        return names.get(graph);
    }

    List<String> names() {
        return List.copyOf(names);
    }

    /** The providers the leased models run on, in the order the guest declares them. */
    public List<ExecutionProvider> providers() {
        return leases.stream().map(ModelLease::provider).toList();
    }

    /** The leased models' descriptors, in the order the guest declares them. */
    public List<ModelDescriptor> descriptors() {
        return leases.stream().map(ModelLease::descriptor).toList();
    }

    @Override
    public void close() {
        leases.forEach(ModelLease::close);
        leases.clear();
    }
}

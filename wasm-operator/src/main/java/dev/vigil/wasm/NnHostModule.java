package dev.vigil.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.vigil.nn.BatchResult;
import dev.vigil.nn.InputMismatchException;
import dev.vigil.nn.ModelException;
import dev.vigil.nn.ModelLease;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The wasi-nn shaped inference module {@value HostImports#NN}: {@code load_by_name}, {@code
 * init_execution_context}, {@code set_input}, {@code compute}, {@code get_output}, with wasi-nn's
 * status codes. {@code load} (model bytes from the guest) is deliberately not offered.
 *
 * <p>Copies: {@code set_input} takes a view of the guest's tensor in its direct memory and {@code
 * compute} hands that view to ONNX Runtime as it is; {@code get_output} copies the output once into
 * guest memory (the guest reads it there), a direct-to-direct bulk copy.
 */
final class NnHostModule {
    private static final int MAX_DIMS = 8;
    private static final int MAX_CONTEXTS = 16;
    private static final int F32 = 1;

    private final GuestSession session;
    private final List<Context> contexts = new ArrayList<>();

    /** One execution context: a graph with its input set and its last result. */
    private static final class Context {
        final int graph;
        FloatBuffer input;
        long[] shape;
        BatchResult result;

        Context(int graph) {
            this.graph = graph;
        }
    }

    NnHostModule(GuestSession session) {
        this.session = session;
    }

    List<HostFunction> functions() {
        return List.of(
                function("load_by_name", this::loadByName),
                function("init_execution_context", this::initExecutionContext),
                function("set_input", this::setInput),
                function("compute", this::compute),
                function("get_output", this::getOutput));
    }

    /** Closes the results of the call that ended; contexts live for one call. */
    void endCall() {
        for (Context context : contexts) {
            if (context.result != null) {
                context.result.close();
            }
        }
        contexts.clear();
    }

    private HostFunction function(String name, Call call) {
        WasmFunctionHandle handle =
                (Instance instance, long... args) -> new long[] {guarded(name, call, args)};
        return new HostFunction(
                HostImports.NN, name, HostImports.type(HostImports.NN, name), handle);
    }

    private interface Call {
        int apply(long[] args);
    }

    private int guarded(String name, Call call, long[] args) {
        try {
            return call.apply(args);
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return fail(AbiStatus.INVALID_ARGUMENT, name + ": " + e.getMessage());
        } catch (InputMismatchException e) {
            return fail(AbiStatus.INVALID_ARGUMENT, name + ": " + e.getMessage());
        } catch (ModelException e) {
            return fail(AbiStatus.RUNTIME_ERROR, name + ": " + e.getMessage());
        }
    }

    private int fail(int status, String message) {
        session.call().hostError(message + " (" + AbiStatus.name(status) + ")");
        return status;
    }

    private int loadByName(long[] args) {
        int length = (int) args[1];
        if (length < 0 || length > 256) {
            return fail(AbiStatus.INVALID_ARGUMENT, "load_by_name: name of " + length + " bytes");
        }
        String name =
                StandardCharsets.UTF_8
                        .decode(session.memory.bytes((int) args[0], length))
                        .toString();
        int graph = session.models.graph(name);
        if (graph < 0) {
            return fail(
                    AbiStatus.NOT_FOUND,
                    "load_by_name: model '"
                            + name
                            + "' is not among the models this guest declared and the deployment"
                            + " allows "
                            + session.models.names());
        }
        session.memory.writeI32((int) args[2], graph);
        return AbiStatus.SUCCESS;
    }

    private int initExecutionContext(long[] args) {
        int graph = (int) args[0];
        session.models.lease(graph);
        if (contexts.size() >= MAX_CONTEXTS) {
            return fail(
                    AbiStatus.TOO_LARGE,
                    "init_execution_context: more than " + MAX_CONTEXTS + " contexts in one call");
        }
        contexts.add(new Context(graph));
        session.memory.writeI32((int) args[1], contexts.size() - 1);
        return AbiStatus.SUCCESS;
    }

    private int setInput(long[] args) {
        Context context = context(args[0]);
        if (args[1] != 0) {
            return fail(
                    AbiStatus.UNSUPPORTED_OPERATION,
                    "set_input: input index "
                            + args[1]
                            + "; guest ABI v1 runs single-input models");
        }
        var tensor = session.memory.bytes((int) args[2], 20);
        int dimsPtr = tensor.getInt(0);
        int dimsLen = tensor.getInt(4);
        int type = tensor.getInt(8);
        int dataPtr = tensor.getInt(12);
        int dataLen = tensor.getInt(16);
        if (type != F32) {
            return fail(
                    AbiStatus.INVALID_ARGUMENT,
                    "set_input: tensor type " + type + "; guest ABI v1 takes f32 (1) only");
        }
        if (dimsLen < 1 || dimsLen > MAX_DIMS) {
            return fail(AbiStatus.INVALID_ARGUMENT, "set_input: " + dimsLen + " dimensions");
        }
        var dims = session.memory.bytes(dimsPtr, dimsLen * 4);
        long[] shape = new long[dimsLen];
        long elements = 1;
        for (int i = 0; i < dimsLen; i++) {
            shape[i] = Integer.toUnsignedLong(dims.getInt(i * 4));
            elements *= shape[i];
        }
        if (elements * 4 != Integer.toUnsignedLong(dataLen)) {
            return fail(
                    AbiStatus.INVALID_ARGUMENT,
                    "set_input: data of "
                            + Integer.toUnsignedLong(dataLen)
                            + " bytes for "
                            + elements
                            + " f32 elements");
        }
        context.input = session.memory.floats(dataPtr, (int) elements);
        context.shape = shape;
        return AbiStatus.SUCCESS;
    }

    private int compute(long[] args) {
        Context context = context(args[0]);
        if (context.input == null) {
            return fail(AbiStatus.INVALID_ARGUMENT, "compute: no input set");
        }
        if (context.result != null) {
            context.result.close();
            context.result = null;
        }
        ModelLease lease = session.models.lease(context.graph);
        context.result = lease.run(context.input.duplicate(), context.shape);
        return AbiStatus.SUCCESS;
    }

    private int getOutput(long[] args) {
        Context context = context(args[0]);
        if (context.result == null) {
            return fail(AbiStatus.INVALID_ARGUMENT, "get_output: compute has not run");
        }
        List<String> outputs = context.result.outputNames();
        int index = (int) args[1];
        ModelLease lease = session.models.lease(context.graph);
        if (index < 0 || index >= lease.descriptor().outputs().size()) {
            return fail(
                    AbiStatus.INVALID_ARGUMENT,
                    "get_output: output " + index + " of " + outputs.size());
        }
        String name = lease.descriptor().outputs().get(index).name();
        FloatBuffer output = context.result.output(name);
        long bytes = 4L * output.remaining();
        long max = Integer.toUnsignedLong((int) args[3]);
        if (bytes > max) {
            return fail(
                    AbiStatus.TOO_LARGE,
                    "get_output: output '" + name + "' has " + bytes + " bytes, buffer " + max);
        }
        session.memory.floats((int) args[2], output.remaining()).put(output);
        session.memory.writeI32((int) args[4], (int) bytes);
        return AbiStatus.SUCCESS;
    }

    private Context context(long handle) {
        if (handle < 0 || handle >= contexts.size()) {
            throw new IllegalArgumentException("no execution context " + handle + " in this call");
        }
        return contexts.get((int) handle);
    }
}

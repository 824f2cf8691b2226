package dev.vigil.wasm.internal;

import com.dylibso.chicory.annotations.HostModule;
import com.dylibso.chicory.annotations.WasmExport;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.vigil.nn.BatchResult;
import dev.vigil.nn.InputMismatchException;
import dev.vigil.nn.ModelException;
import dev.vigil.nn.ModelLease;
import dev.vigil.nn.TensorSpec;
import dev.vigil.wasm.AbiStatus;
import dev.vigil.wasm.GuestHostFaultException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wasi-nn shaped inference module {@code wasi_ephemeral_nn}: {@code load_by_name}, {@code
 * init_execution_context}, {@code set_input}, {@code compute}, {@code get_output}, with wasi-nn's
 * status codes, and two Vigil additions: {@code set_output} and {@code input_type} (f32 or u8: a
 * model bound to a name may take normalised floats or 8-bit pixels, and the guest builds its tensor
 * accordingly). {@code load} (model bytes from the guest) is deliberately not offered.
 *
 * <p>Copies: {@code set_input} records where the guest's tensor is and {@code compute} hands a view
 * of it in the guest's direct memory to ONNX Runtime as it is. Outputs the guest bound with {@code
 * set_output} (a Vigil addition to wasi-nn) are written by ONNX Runtime straight into guest memory
 * ({@link ModelLease#runInto}), so {@code get_output} on the bound address copies nothing; an
 * unbound context's {@code get_output} copies the output once from ONNX Runtime's pooled buffer.
 * Views are taken at {@code compute}, after any growth of the guest's memory.
 *
 * <p>Each {@link WasmExport} method is one import of guest ABI v1 (docs/guest-abi.md), its
 * parameters the Wasm ones ({@link HostFunctions}).
 */
@HostModule("wasi_ephemeral_nn")
final class NnHostModule implements HostFunctions.Faults {
    private static final int MAX_DIMS = 8;
    private static final int MAX_CONTEXTS = 16;
    private static final int F32 = 1;
    private static final int U8 = 3;

    private final GuestSession session;
    private final List<Context> contexts = new ArrayList<>();

    /** One execution context: a graph with its input set and its last result. */
    private static final class Context {
        final int graph;
        int inputAddress;
        int inputElements;
        boolean inputIsBytes;
        long[] shape;
        BatchResult result;

        /** Output index to guest address and capacity in bytes, from set_output. */
        final Map<Integer, int[]> bound = new TreeMap<>();

        /** Shapes of the bound outputs written by the last compute. */
        Map<String, long[]> boundShapes;

        Context(int graph) {
            this.graph = graph;
        }
    }

    NnHostModule(GuestSession session) {
        this.session = session;
    }

    List<HostFunction> functions() {
        return HostFunctions.of(this, this);
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

    /**
     * What an exception of a host function becomes. What the guest got wrong (a bad handle, address
     * or tensor shape, a tensor the model's descriptor does not accept) is a status the guest sees.
     * What failed in the host (ONNX Runtime failed a run, a device was lost or out of memory, a
     * session or lease was closed) is not the guest's to handle, nor its frames' fault: the call is
     * abandoned here with a {@link GuestHostFaultException}, which the caller does not dead-letter.
     */
    @Override
    public int status(String name, RuntimeException e) {
        if (e instanceof ChicoryException
                || e instanceof IllegalArgumentException
                || e instanceof IndexOutOfBoundsException
                || e instanceof InputMismatchException) {
            return fail(AbiStatus.INVALID_ARGUMENT, name + ": " + e.getMessage());
        }
        if (e instanceof ModelException || e instanceof IllegalStateException) {
            CallState state = session.call();
            GuestHostFaultException fault =
                    new GuestHostFaultException(
                            session.guest,
                            state.ids(),
                            "The model host failed in "
                                    + name
                                    + " under guest "
                                    + session.guest
                                    + ": "
                                    + e.getMessage()
                                    + ". Not the frames' fault: the task fails and restarts from"
                                    + " its last checkpoint.",
                            e);
            state.hostFault(fault);
            throw fault;
        }
        throw e;
    }

    private int fail(int status, String message) {
        session.call().hostError(message + " (" + AbiStatus.name(status) + ")");
        return status;
    }

    @WasmExport
    int loadByName(int nameAddress, int length, int graphOut) {
        if (length < 0 || length > 256) {
            return fail(AbiStatus.INVALID_ARGUMENT, "load_by_name: name of " + length + " bytes");
        }
        String name =
                StandardCharsets.UTF_8.decode(session.memory.bytes(nameAddress, length)).toString();
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
        session.memory.writeI32(graphOut, graph);
        return AbiStatus.SUCCESS;
    }

    @WasmExport
    int initExecutionContext(int graph, int contextOut) {
        session.models.lease(graph);
        if (contexts.size() >= MAX_CONTEXTS) {
            return fail(
                    AbiStatus.TOO_LARGE,
                    "init_execution_context: more than " + MAX_CONTEXTS + " contexts in one call");
        }
        contexts.add(new Context(graph));
        session.memory.writeI32(contextOut, contexts.size() - 1);
        return AbiStatus.SUCCESS;
    }

    @WasmExport
    int setInput(int handle, int index, int tensorAddress) {
        Context context = context(handle);
        if (index != 0) {
            return fail(
                    AbiStatus.UNSUPPORTED_OPERATION,
                    "set_input: input index " + index + "; guest ABI v1 runs single-input models");
        }
        var tensor = session.memory.bytes(tensorAddress, 20);
        int dimsPtr = tensor.getInt(0);
        int dimsLen = tensor.getInt(4);
        int type = tensor.getInt(8);
        int dataPtr = tensor.getInt(12);
        int dataLen = tensor.getInt(16);
        if (type != F32 && type != U8) {
            return fail(
                    AbiStatus.INVALID_ARGUMENT,
                    "set_input: tensor type " + type + "; guest ABI v1 takes f32 (1) and u8 (3)");
        }
        int expected = typeOf(session.models.lease(context.graph), 0);
        if (type != expected) {
            return fail(
                    AbiStatus.INVALID_ARGUMENT,
                    "set_input: a "
                            + (type == F32 ? "f32" : "u8")
                            + " tensor for model '"
                            + session.models.name(context.graph)
                            + "', whose input takes "
                            + (expected == F32 ? "f32" : "u8")
                            + " (ask input_type before building the tensor)");
        }
        int width = type == F32 ? 4 : 1;
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
        if (elements * width != Integer.toUnsignedLong(dataLen)) {
            return fail(
                    AbiStatus.INVALID_ARGUMENT,
                    "set_input: data of "
                            + Integer.toUnsignedLong(dataLen)
                            + " bytes for "
                            + elements
                            + (type == F32 ? " f32" : " u8")
                            + " elements");
        }
        session.memory.bytes(dataPtr, dataLen); // bounds check now; the view at compute
        context.inputAddress = dataPtr;
        context.inputElements = (int) elements;
        context.inputIsBytes = type == U8;
        context.shape = shape;
        return AbiStatus.SUCCESS;
    }

    /** Vigil addition: the tensor type (f32 or u8) input {@code index} of a graph takes. */
    @WasmExport
    int inputType(int graph, int index, int typeOut) {
        ModelLease lease = session.models.lease(graph);
        if (index < 0 || index >= lease.descriptor().inputs().size()) {
            return fail(
                    AbiStatus.INVALID_ARGUMENT,
                    "input_type: input " + index + " of " + lease.descriptor().inputs().size());
        }
        session.memory.writeI32(typeOut, typeOf(lease, index));
        return AbiStatus.SUCCESS;
    }

    /**
     * Vigil addition: the graph's class labels (the descriptor's, index = class id) as UTF-8, each
     * followed by a newline, at {@code out}; the byte count at {@code writtenOut} also when they do
     * not fit ({@code too_large}), so a guest may ask with {@code outMax} 0 first. A recogniser's
     * labels are its dictionary, which the guest thus need not compile in.
     */
    @WasmExport
    int modelLabels(int graph, int out, int outMax, int writtenOut) {
        ModelLease lease = session.models.lease(graph);
        byte[] labels = labelText(lease);
        session.memory.writeI32(writtenOut, labels.length);
        if (outMax == 0 && labels.length > 0) {
            return AbiStatus.TOO_LARGE; // a size query, not an error worth reporting
        }
        if (labels.length > Integer.toUnsignedLong(outMax)) {
            return fail(
                    AbiStatus.TOO_LARGE,
                    "model_labels: the labels of '"
                            + session.models.name(graph)
                            + "' take "
                            + labels.length
                            + " bytes, buffer "
                            + Integer.toUnsignedLong(outMax));
        }
        session.memory.bytes(out, labels.length).put(labels);
        return AbiStatus.SUCCESS;
    }

    private static byte[] labelText(ModelLease lease) {
        StringBuilder text = new StringBuilder();
        List<String> labels = lease.descriptor().labels();
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).indexOf('\n') >= 0) {
                throw new IllegalArgumentException(
                        "label "
                                + i
                                + " of "
                                + lease.descriptor().ref()
                                + " holds a newline; model_labels cannot list it");
            }
            text.append(labels.get(i)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int typeOf(ModelLease lease, int input) {
        return lease.descriptor().inputs().get(input).type().equals(TensorSpec.UINT8) ? U8 : F32;
    }

    @WasmExport
    int compute(int handle) {
        Context context = context(handle);
        if (context.shape == null) {
            return fail(AbiStatus.INVALID_ARGUMENT, "compute: no input set");
        }
        if (context.result != null) {
            context.result.close();
            context.result = null;
        }
        context.boundShapes = null;
        ModelLease lease = session.models.lease(context.graph);
        long started = System.nanoTime();
        if (context.bound.isEmpty()) {
            context.result =
                    context.inputIsBytes
                            ? lease.run(null, pixels(context), context.shape)
                            : lease.run(null, floats(context), context.shape);
            session.call().computed(started, System.nanoTime());
            return AbiStatus.SUCCESS;
        }
        Map<String, FloatBuffer> outputs = new LinkedHashMap<>();
        for (Map.Entry<Integer, int[]> entry : context.bound.entrySet()) {
            int[] place = entry.getValue();
            outputs.put(
                    outputName(lease, entry.getKey()),
                    session.memory.floats(place[0], place[1] / 4));
        }
        context.boundShapes =
                context.inputIsBytes
                        ? lease.runInto(null, pixels(context), context.shape, outputs)
                        : lease.runInto(null, floats(context), context.shape, outputs);
        session.call().computed(started, System.nanoTime());
        return AbiStatus.SUCCESS;
    }

    private FloatBuffer floats(Context context) {
        return session.memory.floats(context.inputAddress, context.inputElements);
    }

    private ByteBuffer pixels(Context context) {
        return session.memory.bytes(context.inputAddress, context.inputElements);
    }

    @WasmExport
    int setOutput(int handle, int index, int address, int capacity) {
        Context context = context(handle);
        ModelLease lease = session.models.lease(context.graph);
        if (index < 0 || index >= lease.descriptor().outputs().size()) {
            return fail(
                    AbiStatus.INVALID_ARGUMENT,
                    "set_output: output " + index + " of " + lease.descriptor().outputs().size());
        }
        if (capacity < 0 || capacity % 4 != 0 || address % 4 != 0) {
            return fail(
                    AbiStatus.INVALID_ARGUMENT,
                    "set_output: buffer of "
                            + Integer.toUnsignedLong(capacity)
                            + " bytes at "
                            + Integer.toUnsignedLong(address)
                            + "; f32 outputs need a 4-byte aligned address and size");
        }
        session.memory.floats(address, capacity / 4); // bounds check now; the view at compute
        context.bound.put(index, new int[] {address, capacity});
        return AbiStatus.SUCCESS;
    }

    private static String outputName(ModelLease lease, int index) {
        return lease.descriptor().outputs().get(index).name();
    }

    @WasmExport
    int getOutput(int handle, int index, int out, int outMax, int writtenOut) {
        Context context = context(handle);
        if (context.boundShapes != null) {
            return getBoundOutput(context, index, out, outMax, writtenOut);
        }
        if (context.result == null) {
            return fail(AbiStatus.INVALID_ARGUMENT, "get_output: compute has not run");
        }
        List<String> outputs = context.result.outputNames();
        ModelLease lease = session.models.lease(context.graph);
        if (index < 0 || index >= lease.descriptor().outputs().size()) {
            return fail(
                    AbiStatus.INVALID_ARGUMENT,
                    "get_output: output " + index + " of " + outputs.size());
        }
        String name = lease.descriptor().outputs().get(index).name();
        FloatBuffer output = context.result.output(name);
        long bytes = 4L * output.remaining();
        long max = Integer.toUnsignedLong(outMax);
        if (bytes > max) {
            return fail(
                    AbiStatus.TOO_LARGE,
                    "get_output: output '" + name + "' has " + bytes + " bytes, buffer " + max);
        }
        session.memory.floats(out, output.remaining()).put(output);
        session.memory.writeI32(writtenOut, (int) bytes);
        return AbiStatus.SUCCESS;
    }

    /** The output is already in guest memory: copy only if asked for another place. */
    private int getBoundOutput(Context context, int index, int out, int outMax, int writtenOut) {
        int[] place = context.bound.get(index);
        if (place == null) {
            return fail(
                    AbiStatus.INVALID_ARGUMENT,
                    "get_output: output "
                            + index
                            + " was not bound with set_output; a context with bound outputs"
                            + " computes only those, so bind every output you read");
        }
        ModelLease lease = session.models.lease(context.graph);
        long[] shape = context.boundShapes.get(outputName(lease, index));
        int floats = Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact));
        long max = Integer.toUnsignedLong(outMax);
        if (4L * floats > max) {
            return fail(
                    AbiStatus.TOO_LARGE,
                    "get_output: output "
                            + index
                            + " has "
                            + 4L * floats
                            + " bytes, buffer "
                            + max);
        }
        if (out != place[0]) {
            session.memory.floats(out, floats).put(session.memory.floats(place[0], floats));
        }
        session.memory.writeI32(writtenOut, 4 * floats);
        return AbiStatus.SUCCESS;
    }

    private Context context(int handle) {
        if (handle < 0 || handle >= contexts.size()) {
            throw new IllegalArgumentException("no execution context " + handle + " in this call");
        }
        return contexts.get(handle);
    }
}

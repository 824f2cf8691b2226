package dev.vigil.nn.generated;

import dev.vigil.nn.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Builds one ONNX model (IR version 8, default-domain opset 17) by writing its protobuf messages
 * directly. Field numbers are those of {@code onnx.proto}; the message each constant belongs to is
 * named in front of it. Nodes must be added in topological order, as ONNX requires.
 */
final class OnnxGraph {
    static final long IR_VERSION = 8;
    static final long OPSET = 17;
    static final String FLOAT = "float";

    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_DOC_STRING = 6;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_ID_VERSION = 2;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int ATTRIBUTE_TYPE_INT = 2;
    private static final int ATTRIBUTE_TYPE_INTS = 7;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int DATA_TYPE_FLOAT = 1;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private final ProtoWriter graph = new ProtoWriter();
    private long parameterCount;

    /** An attribute of a node: one integer, or a list of them (all these models need). */
    record Attribute(String name, boolean isList, List<Long> values) {
        static Attribute integer(String name, long value) {
            return new Attribute(name, false, List.of(value));
        }

        static Attribute ints(String name, long... values) {
            return new Attribute(name, true, Arrays.stream(values).boxed().toList());
        }
    }

    /** Declares a float graph input; see {@link #valueInfo} for how dynamic sizes are named. */
    void input(TensorSpec spec) {
        graph.message(GRAPH_INPUT, valueInfo(spec));
    }

    void output(TensorSpec spec) {
        graph.message(GRAPH_OUTPUT, valueInfo(spec));
    }

    /**
     * Adds a float constant (a weight) stored little-endian in {@code raw_data}; no dimensions make
     * a scalar.
     *
     * @return its name, to use as a node input
     */
    String initializer(String name, float[] values, long... dims) {
        if (Arrays.stream(dims).reduce(1, Math::multiplyExact) != values.length) {
            throw new IllegalArgumentException(
                    name + ": " + values.length + " values for dims " + Arrays.toString(dims));
        }
        ProtoWriter tensor = new ProtoWriter();
        for (long dim : dims) {
            tensor.int64(TENSOR_DIMS, dim);
        }
        ByteBuffer data = ByteBuffer.allocate(values.length * Float.BYTES);
        data.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        tensor.int64(TENSOR_DATA_TYPE, DATA_TYPE_FLOAT)
                .string(TENSOR_NAME, name)
                .bytes(TENSOR_RAW_DATA, data.array());
        graph.message(GRAPH_INITIALIZER, tensor);
        parameterCount += values.length;
        return name;
    }

    /**
     * Adds a node of the default domain with one output, which also names the node.
     *
     * @return the output's name, to use as the next node's input
     */
    String node(String opType, String output, List<String> inputs, Attribute... attributes) {
        ProtoWriter node = new ProtoWriter();
        inputs.forEach(input -> node.string(NODE_INPUT, input));
        node.string(NODE_OUTPUT, output).string(NODE_NAME, output).string(NODE_OP_TYPE, opType);
        for (Attribute attribute : attributes) {
            node.message(NODE_ATTRIBUTE, attribute(attribute));
        }
        graph.message(GRAPH_NODE, node);
        return output;
    }

    /** The number of floats in all initializers so far. */
    long parameterCount() {
        return parameterCount;
    }

    /** The whole model; this graph must not be changed afterwards. */
    ProtoWriter model(String graphName, String description) {
        graph.string(GRAPH_NAME, graphName);
        return new ProtoWriter()
                .int64(MODEL_IR_VERSION, IR_VERSION)
                .message(MODEL_OPSET_IMPORT, new ProtoWriter().int64(OPSET_ID_VERSION, OPSET))
                .string(MODEL_PRODUCER_NAME, "vigil")
                .string(MODEL_DOC_STRING, description)
                .message(MODEL_GRAPH, graph);
    }

    private static ProtoWriter attribute(Attribute attribute) {
        ProtoWriter proto = new ProtoWriter().string(ATTRIBUTE_NAME, attribute.name());
        if (attribute.isList()) {
            proto.int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INTS);
            attribute.values().forEach(value -> proto.int64(ATTRIBUTE_INTS, value));
        } else {
            proto.int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT)
                    .int64(ATTRIBUTE_I, attribute.values().get(0));
        }
        return proto;
    }

    /**
     * A float tensor's name, type and shape. A dynamic size ({@code -1}) gets a symbolic name: the
     * batch (first) axis is {@code N} everywhere, so ONNX Runtime knows inputs and outputs share
     * it; any other dynamic axis is the tensor's name and its layout letter, e.g. {@code images_H}.
     */
    private static ProtoWriter valueInfo(TensorSpec spec) {
        if (!spec.type().equals(FLOAT)) {
            throw new IllegalArgumentException(spec.name() + ": only float tensors are supported");
        }
        ProtoWriter shape = new ProtoWriter();
        for (int axis = 0; axis < spec.shape().size(); axis++) {
            long size = spec.shape().get(axis);
            ProtoWriter dim =
                    size >= 0
                            ? new ProtoWriter().int64(DIM_VALUE, size)
                            : new ProtoWriter()
                                    .string(
                                            DIM_PARAM,
                                            axis == 0
                                                    ? "N"
                                                    : spec.name()
                                                            + "_"
                                                            + spec.layout().charAt(axis));
            shape.message(SHAPE_DIM, dim);
        }
        ProtoWriter tensorType =
                new ProtoWriter()
                        .int64(TENSOR_TYPE_ELEM_TYPE, DATA_TYPE_FLOAT)
                        .message(TENSOR_TYPE_SHAPE, shape);
        return new ProtoWriter()
                .string(VALUE_INFO_NAME, spec.name())
                .message(VALUE_INFO_TYPE, new ProtoWriter().message(TYPE_TENSOR_TYPE, tensorType));
    }
}

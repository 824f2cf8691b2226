package dev.vigil.nn.onnx;

import dev.vigil.nn.Normalization;
import dev.vigil.nn.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds one ONNX model (IR version 8, default-domain opset 17) by writing its protobuf messages
 * directly. Field numbers are those of {@code onnx.proto}; the message each constant belongs to is
 * named in front of it. Nodes must be added in topological order, as ONNX requires.
 */
public final class OnnxGraph {
    static final long IR_VERSION = 8;
    static final long OPSET = 17;

    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_DOC_STRING = 6;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int OPSET_ID_DOMAIN = 1;
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
    private static final int ATTRIBUTE_F = 2;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int ATTRIBUTE_TYPE_FLOAT = 1;
    private static final int ATTRIBUTE_TYPE_INT = 2;
    private static final int ATTRIBUTE_TYPE_INTS = 7;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int DATA_TYPE_FLOAT = 1;
    private static final int DATA_TYPE_UINT8 = 2;
    private static final int DATA_TYPE_INT64 = 7;
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR_TYPE = 1;
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;
    private static final int DIM_PARAM = 2;

    private final ProtoWriter graph = new ProtoWriter();

    /** Every value this graph defines: inputs, weights, node outputs. */
    private final List<String> defined = new ArrayList<>();

    private long parameterCount;

    /**
     * An attribute of a node: one integer, a list of them, or one float (all these models need).
     */
    public record Attribute(String name, int type, List<Long> ints, float real) {
        public static Attribute integer(String name, long value) {
            return new Attribute(name, ATTRIBUTE_TYPE_INT, List.of(value), 0f);
        }

        public static Attribute ints(String name, long... values) {
            return new Attribute(
                    name, ATTRIBUTE_TYPE_INTS, Arrays.stream(values).boxed().toList(), 0f);
        }

        public static Attribute real(String name, float value) {
            return new Attribute(name, ATTRIBUTE_TYPE_FLOAT, List.of(), value);
        }
    }

    /** Declares a graph input; see {@link #valueInfo} for how dynamic sizes are named. */
    public void input(TensorSpec spec) {
        defined.add(spec.name());
        graph.message(GRAPH_INPUT, valueInfo(spec));
    }

    public void output(TensorSpec spec) {
        graph.message(GRAPH_OUTPUT, valueInfo(spec));
    }

    /**
     * Adds a float constant (a weight) stored little-endian in {@code raw_data}; no dimensions make
     * a scalar.
     *
     * @return its name, to use as a node input
     */
    public String initializer(String name, float[] values, long... dims) {
        if (Arrays.stream(dims).reduce(1, Math::multiplyExact) != values.length) {
            throw new IllegalArgumentException(
                    name + ": " + values.length + " values for dims " + Arrays.toString(dims));
        }
        ByteBuffer data = ByteBuffer.allocate(values.length * Float.BYTES);
        data.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        graph.message(GRAPH_INITIALIZER, tensor(name, DATA_TYPE_FLOAT, data.array(), dims));
        defined.add(name);
        parameterCount += values.length;
        return name;
    }

    private static ProtoWriter tensor(String name, int dataType, byte[] rawData, long[] dims) {
        ProtoWriter tensor = new ProtoWriter();
        for (long dim : dims) {
            tensor.int64(TENSOR_DIMS, dim);
        }
        return tensor.int64(TENSOR_DATA_TYPE, dataType)
                .string(TENSOR_NAME, name)
                .bytes(TENSOR_RAW_DATA, rawData);
    }

    /**
     * Adds an int64 constant (indices, shapes), as {@link #initializer(String, float[], long...)}.
     */
    public String initializer(String name, long[] values, long... dims) {
        ByteBuffer data = ByteBuffer.allocate(values.length * Long.BYTES);
        data.order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(values);
        graph.message(GRAPH_INITIALIZER, tensor(name, DATA_TYPE_INT64, data.array(), dims));
        defined.add(name);
        return name;
    }

    /**
     * Adds the nodes that turn 8-bit pixels as a camera delivers them (uint8 {@code [N, H, W, 3]},
     * RGB) into the float NCHW tensor a vision model takes: transpose to planes, reorder them for a
     * BGR model, cast, and normalise each channel as {@code normalization} says (the host kernels'
     * arithmetic: {@code value * (scale / std) + (-mean / std)}). With this prefix a model takes a
     * quarter of the bytes per frame, and the per-pixel arithmetic runs where the model runs (on
     * the accelerator, when there is one) instead of on the host's CPU.
     *
     * @param pixels the uint8 input's name
     * @param output the name of the float NCHW tensor, to use as the rest of the graph's input
     * @return {@code output}
     */
    String normalisedPixels(String pixels, Normalization normalization, String output) {
        String planes =
                node(
                        "Transpose",
                        pixels + "_planes",
                        List.of(pixels),
                        Attribute.ints("perm", 0, 3, 1, 2));
        if (normalization.channelOrder().equals("BGR")) {
            String order = initializer(pixels + "_bgr_order", new long[] {2, 1, 0}, 3);
            planes =
                    node(
                            "Gather",
                            pixels + "_planes_bgr",
                            List.of(planes, order),
                            Attribute.integer("axis", 1));
        }
        float[] gain = new float[3];
        float[] offset = new float[3];
        boolean identity = true;
        for (int c = 0; c < 3; c++) {
            float std = normalization.std().get(c);
            gain[c] = normalization.scale() / std;
            offset[c] = -normalization.mean().get(c) / std;
            identity &= gain[c] == 1f && offset[c] == 0f;
        }
        if (identity) {
            return node("Cast", output, List.of(planes), Attribute.integer("to", DATA_TYPE_FLOAT));
        }
        String values =
                node(
                        "Cast",
                        pixels + "_float",
                        List.of(planes),
                        Attribute.integer("to", DATA_TYPE_FLOAT));
        // BatchNormalization with mean 0, variance 1 and epsilon 0 is value * gain + offset per
        // channel plane: on ONNX Runtime's CPU provider 4x faster than Mul and Add broadcasting
        // [1, 3, 1, 1] constants, measured on 640x640 frames.
        return node(
                "BatchNormalization",
                output,
                List.of(
                        values,
                        initializer(pixels + "_gain", gain, 3),
                        initializer(pixels + "_offset", offset, 3),
                        initializer(pixels + "_mean", new float[3], 3),
                        initializer(pixels + "_variance", new float[] {1f, 1f, 1f}, 3)),
                Attribute.real("epsilon", 0f));
    }

    /**
     * Adds a node of the default domain with one output, which also names the node.
     *
     * @return the output's name, to use as the next node's input
     */
    public String node(String opType, String output, List<String> inputs, Attribute... attributes) {
        ProtoWriter node = new ProtoWriter();
        inputs.forEach(input -> node.string(NODE_INPUT, input));
        node.string(NODE_OUTPUT, output).string(NODE_NAME, output).string(NODE_OP_TYPE, opType);
        for (Attribute attribute : attributes) {
            node.message(NODE_ATTRIBUTE, attribute(attribute));
        }
        graph.message(GRAPH_NODE, node);
        defined.add(output);
        return output;
    }

    /** The number of floats in all initializers so far. */
    public long parameterCount() {
        return parameterCount;
    }

    /**
     * The model in {@code onnx} with this graph in front of it: this graph's nodes, weights and
     * inputs come first, and the model's input {@code replaced}, which this graph computes, is no
     * longer an input. Every other field of the model is kept as it is. This graph must not be
     * changed afterwards.
     *
     * @param minimumOpset the default-domain opset this graph's nodes need
     * @throws IllegalArgumentException when the model cannot take the prefix: not a model, no input
     *     {@code replaced}, an older opset, or a name this graph uses already taken
     */
    byte[] prefixing(byte[] onnx, String replaced, long minimumOpset) {
        List<ProtoReader.Field> model = ProtoReader.fields(onnx, 0, onnx.length);
        ProtoWriter out = new ProtoWriter();
        boolean found = false;
        for (ProtoReader.Field field : model) {
            if (field.number() == MODEL_OPSET_IMPORT) {
                checkOpset(onnx, field, minimumOpset);
            }
            if (field.number() != MODEL_GRAPH) {
                out.raw(onnx, field.start(), field.end());
                continue;
            }
            ProtoWriter merged = new ProtoWriter();
            graph.flushInto(merged);
            for (ProtoReader.Field part : field.fields(onnx)) {
                List<String> names = definedNames(onnx, part);
                if (part.number() == GRAPH_INPUT && names.contains(replaced)) {
                    found = true;
                    continue;
                }
                for (String name : names) {
                    if (defined.contains(name)) {
                        throw new IllegalArgumentException(
                                "the model already has a value named '" + name + "'");
                    }
                }
                merged.raw(onnx, part.start(), part.end());
            }
            out.message(MODEL_GRAPH, merged);
        }
        if (!found) {
            throw new IllegalArgumentException("the model has no input '" + replaced + "'");
        }
        return out.toByteArray();
    }

    private static void checkOpset(byte[] onnx, ProtoReader.Field opset, long minimum) {
        String domain = "";
        long version = 0;
        for (ProtoReader.Field f : opset.fields(onnx)) {
            if (f.number() == OPSET_ID_DOMAIN) {
                domain = f.text(onnx);
            } else if (f.number() == OPSET_ID_VERSION) {
                version = f.value();
            }
        }
        if ((domain.isEmpty() || domain.equals("ai.onnx")) && version < minimum) {
            throw new IllegalArgumentException(
                    "the model uses opset " + version + "; the prefix needs " + minimum);
        }
    }

    /** The values a graph field defines: a node's outputs, a weight's or an input's name. */
    private static List<String> definedNames(byte[] onnx, ProtoReader.Field part) {
        int nameField =
                switch (part.number()) {
                    case GRAPH_NODE -> NODE_OUTPUT;
                    case GRAPH_INITIALIZER -> TENSOR_NAME;
                    case GRAPH_INPUT -> VALUE_INFO_NAME;
                    default -> -1;
                };
        if (nameField < 0) {
            return List.of();
        }
        return part.fields(onnx).stream()
                .filter(f -> f.number() == nameField)
                .map(f -> f.text(onnx))
                .toList();
    }

    /** The whole model; this graph must not be changed afterwards. */
    public ProtoWriter model(String graphName, String description) {
        graph.string(GRAPH_NAME, graphName);
        return new ProtoWriter()
                .int64(MODEL_IR_VERSION, IR_VERSION)
                .message(MODEL_OPSET_IMPORT, new ProtoWriter().int64(OPSET_ID_VERSION, OPSET))
                .string(MODEL_PRODUCER_NAME, "vigil")
                .string(MODEL_DOC_STRING, description)
                .message(MODEL_GRAPH, graph);
    }

    private static ProtoWriter attribute(Attribute attribute) {
        ProtoWriter proto =
                new ProtoWriter()
                        .string(ATTRIBUTE_NAME, attribute.name())
                        .int64(ATTRIBUTE_TYPE, attribute.type());
        switch (attribute.type()) {
            case ATTRIBUTE_TYPE_INTS ->
                    attribute.ints().forEach(value -> proto.int64(ATTRIBUTE_INTS, value));
            case ATTRIBUTE_TYPE_INT -> proto.int64(ATTRIBUTE_I, attribute.ints().get(0));
            default -> proto.float32(ATTRIBUTE_F, attribute.real());
        }
        return proto;
    }

    /**
     * A float or uint8 tensor's name, type and shape. A dynamic size ({@code -1}) gets a symbolic
     * name: the batch (first) axis is {@code N} everywhere, so ONNX Runtime knows inputs and
     * outputs share it; any other dynamic axis is the tensor's name and its layout letter, e.g.
     * {@code images_H}.
     */
    private static ProtoWriter valueInfo(TensorSpec spec) {
        int elementType =
                switch (spec.type()) {
                    case TensorSpec.FLOAT -> DATA_TYPE_FLOAT;
                    case TensorSpec.UINT8 -> DATA_TYPE_UINT8;
                    default ->
                            throw new IllegalArgumentException(
                                    spec.name() + ": only float and uint8 tensors are supported");
                };
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
                        .int64(TENSOR_TYPE_ELEM_TYPE, elementType)
                        .message(TENSOR_TYPE_SHAPE, shape);
        return new ProtoWriter()
                .string(VALUE_INFO_NAME, spec.name())
                .message(VALUE_INFO_TYPE, new ProtoWriter().message(TYPE_TENSOR_TYPE, tensorType));
    }
}

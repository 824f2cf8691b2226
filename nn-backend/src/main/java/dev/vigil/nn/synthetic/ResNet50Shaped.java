package dev.vigil.nn.synthetic;

import static dev.vigil.nn.onnx.OnnxGraph.Attribute.integer;
import static dev.vigil.nn.onnx.OnnxGraph.Attribute.ints;

import dev.vigil.nn.Normalization;
import dev.vigil.nn.TensorSpec;
import dev.vigil.nn.onnx.OnnxGraph;
import java.util.List;

/**
 * A network with the layers, weight count and compute of torchvision's {@code resnet50} (v1.5: the
 * stride sits on the 3×3 convolution), with seeded pseudo-random weights instead of trained ones:
 * the real workload for benchmarks, without a model download. Its logits mean nothing.
 *
 * <ul>
 *   <li>Input {@code images}: float {@code [N, 3, 224, 224]}, NCHW, RGB normalised with ImageNet's
 *       mean and std as torchvision's; N is dynamic.
 *   <li>Output {@code logits}: float {@code [N, 1000]}.
 * </ul>
 *
 * Structure: 7×7/2 stem convolution, 3×3/2 max pool, bottleneck stages of [3, 4, 6, 3] blocks of
 * widths 64, 128, 256, 512 (×4 at their outputs), global average pool, fully connected 2048 → 1000.
 * Batch normalisation is folded away, leaving a bias on every convolution: 25,530,472 weights
 * (torchvision's 25,557,032 less one of the two parameters of each of its 26,560 batch-norm
 * channels), about 102 MB, and 4.09 G multiply-accumulates per image.
 *
 * <p>Weights are uniform with He's variance (2 / fan-in) before a ReLU, drawn in a fixed order from
 * SplitMix64 started at the seed: the same seed gives the same file, byte for byte, on any JVM. The
 * last convolution of each residual branch is scaled down, as a trained network's batch norm would,
 * so activations stay of order one through the 16 blocks instead of doubling in variance at each.
 */
public final class ResNet50Shaped {
    public static final String NAME = "resnet50-shaped";
    public static final long DEFAULT_SEED = 50;
    public static final int IMAGE_SIZE = 224;
    public static final int CLASSES = 1000;

    private static final int[] STAGE_BLOCKS = {3, 4, 6, 3};
    private static final int[] STAGE_WIDTHS = {64, 128, 256, 512};
    private static final int EXPANSION = 4;

    // Standard deviation = gain / sqrt(fan-in): sqrt(2) keeps the mean square through a ReLU
    // (He); 1 keeps the variance of a linear layer; the residual gain keeps each block's branch
    // small next to its shortcut (with He's gain there the logits' RMS is about 700, with 0.2
    // about 0.7, for inputs of RMS 1).
    private static final double RELU_GAIN = Math.sqrt(2);
    private static final double LINEAR_GAIN = 1;
    private static final double RESIDUAL_GAIN = 0.2;
    private static final double BIAS_STD = 0.01;

    private final OnnxGraph graph = new OnnxGraph();
    private long randomState;
    private long multiplyAccumulates;

    /** A tensor of the graph, with the channels and side length of the feature map it holds. */
    private record FeatureMap(String tensor, int channels, int size) {}

    private ResNet50Shaped(long seed) {
        this.randomState = seed;
    }

    /**
     * Generates the weights and encodes the model: a fraction of a second, and about 110 MB of
     * heap, which the returned model holds until it is dropped.
     */
    public static SyntheticModel build(long seed) {
        return new ResNet50Shaped(seed).generate(seed);
    }

    private SyntheticModel generate(long seed) {
        FeatureMap x = new FeatureMap("images", 3, IMAGE_SIZE);
        x = relu(conv("conv1", x, 64, 7, 2, RELU_GAIN));
        x = maxPool("maxpool", x);
        for (int stage = 0; stage < STAGE_BLOCKS.length; stage++) {
            for (int block = 0; block < STAGE_BLOCKS[stage]; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                String name = "layer" + (stage + 1) + "." + block;
                x = bottleneck(name, x, STAGE_WIDTHS[stage], stride);
            }
        }
        String pooled = graph.node("GlobalAveragePool", "avgpool", List.of(x.tensor()));
        String flat = graph.node("Flatten", "flatten", List.of(pooled), integer("axis", 1));
        fullyConnected("logits", flat, x.channels(), CLASSES);

        return new SyntheticModel(
                NAME,
                "ResNet-50-shaped network (torchvision resnet50 layers and compute, batch norm"
                        + " folded) with pseudo-random weights from seed "
                        + seed
                        + "; for benchmarks, its logits mean nothing.",
                List.of(
                        TensorSpec.of(
                                "images", TensorSpec.FLOAT, "NCHW", -1, 3, IMAGE_SIZE, IMAGE_SIZE)),
                List.of(TensorSpec.of("logits", TensorSpec.FLOAT, "NC", -1, CLASSES)),
                List.of(),
                imageNet(),
                multiplyAccumulates,
                graph);
    }

    private FeatureMap bottleneck(String name, FeatureMap in, int width, int stride) {
        FeatureMap branch = relu(conv(name + ".conv1", in, width, 1, 1, RELU_GAIN));
        branch = relu(conv(name + ".conv2", branch, width, 3, stride, RELU_GAIN));
        branch = conv(name + ".conv3", branch, width * EXPANSION, 1, 1, RESIDUAL_GAIN);
        FeatureMap shortcut =
                in.channels() == branch.channels() && stride == 1
                        ? in
                        : conv(name + ".downsample", in, branch.channels(), 1, stride, LINEAR_GAIN);
        String sum = graph.node("Add", name + ".add", List.of(branch.tensor(), shortcut.tensor()));
        return relu(new FeatureMap(sum, branch.channels(), branch.size()));
    }

    /** A square convolution with bias, padded by half its kernel as torchvision's. */
    private FeatureMap conv(
            String name, FeatureMap in, int outChannels, int kernel, int stride, double gain) {
        int fanIn = in.channels() * kernel * kernel;
        String weight =
                graph.initializer(
                        name + ".weight",
                        uniform(outChannels * fanIn, gain / Math.sqrt(fanIn)),
                        outChannels,
                        in.channels(),
                        kernel,
                        kernel);
        String bias =
                graph.initializer(name + ".bias", uniform(outChannels, BIAS_STD), outChannels);
        int pad = kernel / 2;
        String out =
                graph.node(
                        "Conv",
                        name,
                        List.of(in.tensor(), weight, bias),
                        ints("kernel_shape", kernel, kernel),
                        ints("strides", stride, stride),
                        ints("pads", pad, pad, pad, pad));
        int size = (in.size() + 2 * pad - kernel) / stride + 1;
        multiplyAccumulates += (long) outChannels * fanIn * size * size;
        return new FeatureMap(out, outChannels, size);
    }

    private FeatureMap relu(FeatureMap in) {
        String out = graph.node("Relu", in.tensor() + ".relu", List.of(in.tensor()));
        return new FeatureMap(out, in.channels(), in.size());
    }

    /** 3×3, stride 2, padding 1. */
    private FeatureMap maxPool(String name, FeatureMap in) {
        String out =
                graph.node(
                        "MaxPool",
                        name,
                        List.of(in.tensor()),
                        ints("kernel_shape", 3, 3),
                        ints("strides", 2, 2),
                        ints("pads", 1, 1, 1, 1));
        return new FeatureMap(out, in.channels(), (in.size() + 2 - 3) / 2 + 1);
    }

    private void fullyConnected(String output, String input, int inFeatures, int outFeatures) {
        String weight =
                graph.initializer(
                        "fc.weight",
                        uniform(outFeatures * inFeatures, LINEAR_GAIN / Math.sqrt(inFeatures)),
                        outFeatures,
                        inFeatures);
        String bias = graph.initializer("fc.bias", uniform(outFeatures, BIAS_STD), outFeatures);
        // The weight is stored [out, in] as torch's Linear stores it, hence transB.
        graph.node("Gemm", output, List.of(input, weight, bias), integer("transB", 1));
        multiplyAccumulates += (long) inFeatures * outFeatures;
    }

    /** Uniform on ±std·√3, which has the given standard deviation. */
    private float[] uniform(int count, double std) {
        double bound = std * Math.sqrt(3);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) ((2 * nextUnit() - 1) * bound);
        }
        return values;
    }

    /**
     * The next of SplitMix64's values (Steele, Lea and Flood, 2014) as a double in [0, 1), written
     * out rather than taken from the JDK, whose generators' sequences are not promised to stay.
     */
    private double nextUnit() {
        randomState += 0x9E3779B97F4A7C15L;
        long z = randomState;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

    private static Normalization imageNet() {
        return new Normalization(
                1f / 255f, List.of(0.485f, 0.456f, 0.406f), List.of(0.229f, 0.224f, 0.225f), "RGB");
    }
}

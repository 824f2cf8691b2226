package dev.vigil.nn.onnx;

import dev.vigil.nn.ModelDescriptor;
import dev.vigil.nn.ModelFileException;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.Normalization;
import dev.vigil.nn.StoredModel;
import dev.vigil.nn.TensorSpec;
import java.util.List;
import java.util.Optional;

/**
 * The pixel form of an image model: the same ONNX model with a prefix ({@link
 * OnnxGraph#normalisedPixels}) that takes 8-bit pixels, uint8 {@code [N, H, W, 3]} RGB, and
 * normalises them as the model's descriptor says, in the graph. It is stored under the model's name
 * plus {@value #SUFFIX}, same version; its outputs, labels and warm-up size are the model's.
 *
 * <p>Why: a frame then crosses to the device as 1 byte per value instead of 4, and the per-pixel
 * arithmetic runs where the model runs. On an accelerator that is nearly free; on ONNX Runtime's
 * CPU provider the prefix costs more than the Wasm host's vector kernel does (see {@code
 * perf/RESULTS.md}), so a CPU deployment keeps the float form. Guests serve either form (guest ABI
 * {@code input_type}).
 */
public final class PixelForm {
    public static final String SUFFIX = "-u8";

    /** The pixel form's input name. */
    public static final String INPUT = "pixels";

    /** BatchNormalization without {@code training_mode} outputs and Gather as used: opset 9+. */
    private static final long MINIMUM_OPSET = 9;

    private final ModelDescriptor descriptor;
    private final byte[] onnx;

    private PixelForm(ModelDescriptor descriptor, byte[] onnx) {
        this.descriptor = descriptor;
        this.onnx = onnx;
    }

    /**
     * The pixel form of {@code model}, whose only input must be a float NCHW image of 3 channels
     * and whose descriptor states its normalisation.
     *
     * @throws ModelFileException when the model is not such a model, saying what is missing
     */
    public static PixelForm of(ModelDescriptor model, byte[] onnx) {
        TensorSpec image = imageInput(model);
        TensorSpec pixels = nhwc(image);
        OnnxGraph prefix = new OnnxGraph();
        prefix.input(pixels);
        prefix.normalisedPixels(INPUT, model.normalization().orElseThrow(), image.name());
        byte[] wrapped;
        try {
            wrapped = prefix.prefixing(onnx, image.name(), MINIMUM_OPSET);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(
                    "Cannot make the pixel form of " + model.ref() + ": " + e.getMessage(), e);
        }
        ModelDescriptor descriptor =
                new ModelDescriptor(
                        model.name() + SUFFIX,
                        model.version(),
                        model.description()
                                + " Pixel form: takes 8-bit RGB pixels (uint8 NHWC) and"
                                + " normalises them in its graph.",
                        List.of(pixels),
                        model.outputs(),
                        model.labels(),
                        Optional.of(Normalization.none()),
                        "");
        return new PixelForm(descriptor, wrapped);
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** The ONNX file. */
    public byte[] onnx() {
        return onnx.clone();
    }

    /** Imports this model into {@code repository}; importing again changes nothing. */
    public StoredModel importInto(ModelRepository repository) {
        return repository.importModel(descriptor, onnx);
    }

    private static TensorSpec imageInput(ModelDescriptor model) {
        TensorSpec image = model.inputs().size() == 1 ? model.inputs().get(0) : null;
        boolean fits =
                image != null
                        && image.type().equals(TensorSpec.FLOAT)
                        && image.layout().equals("NCHW")
                        && image.shape().size() == 4
                        && image.shape().get(1) == 3
                        && model.normalization().isPresent();
        if (!fits) {
            throw new ModelFileException(
                    "Cannot make the pixel form of "
                            + model.ref()
                            + ": it needs one float NCHW input of 3 channels and a normalization"
                            + " in its descriptor; its inputs are "
                            + model.inputs()
                            + ", normalization "
                            + model.normalization().map(Object::toString).orElse("none"));
        }
        return image;
    }

    /** {@code [N, 3, H, W]} as {@code [N, H, W, 3]} uint8, warm-up shape likewise. */
    private static TensorSpec nhwc(TensorSpec image) {
        List<Long> s = image.shape();
        TensorSpec pixels =
                TensorSpec.of(INPUT, TensorSpec.UINT8, "NHWC", s.get(0), s.get(2), s.get(3), 3);
        List<Long> w = image.warmupShape();
        return w.isEmpty() ? pixels : pixels.withWarmupShape(w.get(0), w.get(2), w.get(3), 3);
    }
}

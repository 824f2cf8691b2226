package dev.vigil.nn.packaged;

import dev.vigil.nn.ModelDescriptor;
import dev.vigil.nn.Normalization;
import dev.vigil.nn.TensorSpec;
import java.util.List;
import java.util.Optional;

/**
 * The PaddleOCR models packaged in {@value PaddleOcrModels#ARTIFACT}, with the name and version
 * each is imported as. Detector versions 3 and 4 share a name, so upgrading {@code ppocr-det@3} to
 * {@code ppocr-det@4} is a real model upgrade.
 *
 * <p>PaddleOCR reads images with OpenCV, so every model takes BGR; the detector normalises with
 * ImageNet's mean and std, the recogniser and the orientation classifier map pixels to -1..1.
 */
public enum PaddleOcrModel {
    DETECTOR_V4("ppocr-det", "4", "ch_PP-OCRv4_det_infer.onnx", Kind.DETECTOR),
    DETECTOR_V3("ppocr-det", "3", "ch_PP-OCRv3_det_infer.onnx", Kind.DETECTOR),
    RECOGNIZER_V4("ppocr-rec", "4", "ch_PP-OCRv4_rec_infer.onnx", Kind.RECOGNIZER),
    RECOGNIZER_V3("ppocr-rec", "3", "ch_PP-OCRv3_rec_infer.onnx", Kind.RECOGNIZER),
    ORIENTATION_V2("ppocr-cls", "2", "ch_ppocr_mobile_v2.0_cls_infer.onnx", Kind.ORIENTATION);

    private enum Kind {
        DETECTOR,
        RECOGNIZER,
        ORIENTATION
    }

    private static final Normalization IMAGENET_BGR =
            new Normalization(
                    1f / 255f,
                    List.of(0.485f, 0.456f, 0.406f),
                    List.of(0.229f, 0.224f, 0.225f),
                    "BGR");
    private static final Normalization SIGNED_UNIT_BGR =
            new Normalization(
                    1f / 255f, List.of(0.5f, 0.5f, 0.5f), List.of(0.5f, 0.5f, 0.5f), "BGR");

    private final String modelName;
    private final String version;
    private final String fileName;
    private final Kind kind;

    PaddleOcrModel(String modelName, String version, String fileName, Kind kind) {
        this.modelName = modelName;
        this.version = version;
        this.fileName = fileName;
        this.kind = kind;
    }

    /** The name in the model repository. */
    public String modelName() {
        return modelName;
    }

    public String version() {
        return version;
    }

    boolean isDetector() {
        return kind == Kind.DETECTOR;
    }

    /** The file's name inside the package, under {@code models/}. */
    public String fileName() {
        return fileName;
    }

    /**
     * The descriptor it is imported with (checksum left to the importer). Input and output names
     * are PaddlePaddle's export names.
     *
     * @param dictionary the recogniser's labels, {@link PaddleOcrModels#recognizerLabels()}
     */
    ModelDescriptor descriptor(List<String> dictionary) {
        String origin = " From " + PaddleOcrModels.ARTIFACT + " (Apache-2.0; see docs/MODELS.md).";
        return switch (kind) {
            case DETECTOR ->
                    new ModelDescriptor(
                            modelName,
                            version,
                            "PaddleOCR PP-OCRv"
                                    + version
                                    + " text detector (DBNet): per-pixel text probability at the"
                                    + " input's resolution; sides must be multiples of 32."
                                    + origin,
                            // Warm-up at 640x640, the size the text-detect guest letterboxes to.
                            List.of(image(-1, -1).withWarmupShape(-1, 3, 640, 640)),
                            List.of(
                                    TensorSpec.of(
                                            "sigmoid_0.tmp_0",
                                            TensorSpec.FLOAT,
                                            "NCHW",
                                            -1,
                                            1,
                                            -1,
                                            -1)),
                            List.of("text"),
                            Optional.of(IMAGENET_BGR),
                            "");
            case RECOGNIZER ->
                    new ModelDescriptor(
                            modelName,
                            version,
                            "PaddleOCR PP-OCRv"
                                    + version
                                    + " text line recogniser (CTC over "
                                    + dictionary.size()
                                    + " classes: blank, the ppocr_keys_v1 dictionary, space); input"
                                    + " lines 48 pixels high."
                                    + origin,
                            List.of(image(48, -1).withWarmupShape(-1, 3, 48, 320)),
                            List.of(
                                    TensorSpec.of(
                                            version.equals("4")
                                                    ? "softmax_11.tmp_0"
                                                    : "softmax_5.tmp_0",
                                            TensorSpec.FLOAT,
                                            "NTC",
                                            -1,
                                            -1,
                                            dictionary.size())),
                            dictionary,
                            Optional.of(SIGNED_UNIT_BGR),
                            "");
            case ORIENTATION ->
                    new ModelDescriptor(
                            modelName,
                            version,
                            "PaddleOCR text line orientation classifier: upright (0) or upside down"
                                    + " (180); input lines 48x192."
                                    + origin,
                            List.of(image(48, 192)),
                            List.of(
                                    TensorSpec.of(
                                            "save_infer_model/scale_0.tmp_1",
                                            TensorSpec.FLOAT,
                                            "NC",
                                            -1,
                                            2)),
                            List.of("0", "180"),
                            Optional.of(SIGNED_UNIT_BGR),
                            "");
        };
    }

    private static TensorSpec image(long height, long width) {
        return TensorSpec.of("x", TensorSpec.FLOAT, "NCHW", -1, 3, height, width);
    }
}

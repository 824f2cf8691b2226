package dev.vigil.perf.pipeline;

import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.packaged.PaddleOcrModels;
import dev.vigil.nn.synthetic.DeterministicDetector;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models a run can put behind the pipeline ({@code --models}), each with the bundled guest that
 * serves it and the bindings it declares ({@code vigil.guest}, {@code vigil.models}), and the
 * tensor the guest sends, so bare ONNX Runtime runs the very model on the very shape.
 */
enum BenchModel {
    /** nn-backend's tiny detector of bright regions: the pipeline's own cost shows. */
    DETERMINISTIC(
            "deterministic",
            "deterministic-detect",
            Map.of("detector", DeterministicDetector.NAME + "@1"),
            false),
    /** PaddleOCR's DBNet text detector, float form (normalised by the host's kernel). */
    PPOCR_DET("ppocr-det", "text-detect", Map.of("detector", "ppocr-det@4"), false),
    /** The same detector's pixel form: 8-bit NHWC in, normalised in the graph. */
    PPOCR_DET_PIXEL("ppocr-det-pixel", "text-detect", Map.of("detector", "ppocr-det-u8@4"), true),
    /** The plate reader: the detector, then the recogniser on each line found. */
    TEXT_READ(
            "text-read",
            "text-read",
            Map.of("detector", "ppocr-det@4", "recogniser", "ppocr-rec@4"),
            false);

    /** The side the deterministic guest shrinks a frame's longer side to, and its cell. */
    private static final int DETERMINISTIC_MAX_SIDE = 640;

    private static final int CELL = DeterministicDetector.CELL;

    /** The text guests letterbox every frame to 640×640 ({@code input.size} in their manifest). */
    private static final int TEXT_SIDE = 640;

    final String option;
    final String guest;
    final Map<String, String> bindings;
    final boolean pixels;

    BenchModel(String option, String guest, Map<String, String> bindings, boolean pixels) {
        this.option = option;
        this.guest = guest;
        this.bindings = new LinkedHashMap<>(bindings);
        this.pixels = pixels;
    }

    static BenchModel parse(String option) {
        return Arrays.stream(values())
                .filter(m -> m.option.equals(option.trim()))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "--models: unknown model '"
                                                + option
                                                + "'; expected one of "
                                                + Arrays.stream(values())
                                                        .map(m -> m.option)
                                                        .toList()));
    }

    /** The {@code vigil.guest} value. */
    String guestOption() {
        return "bundled:" + guest;
    }

    /** The model bare ONNX Runtime runs: the detector, the model every frame goes through. */
    String detector() {
        return bindings.get("detector");
    }

    /**
     * Whether bare ONNX Runtime is this workload's ceiling: not for the reader, whose second model
     * runs once per line found, which a loop over the detector alone does not price.
     */
    boolean hasBare() {
        return this != TEXT_READ;
    }

    /** Puts every model this workload binds into {@code repository}. */
    void importInto(ModelRepository repository) {
        switch (this) {
            case DETERMINISTIC -> DeterministicDetector.build().importInto(repository, "1");
            case PPOCR_DET, TEXT_READ -> PaddleOcrModels.importAll(repository);
            case PPOCR_DET_PIXEL -> PaddleOcrModels.importDetectorPixelForms(repository);
        }
    }

    /**
     * The tensor {width, height} the guest letterboxes a {@code width} × {@code height} frame to.
     */
    int[] tensor(int width, int height) {
        if (this != DETERMINISTIC) {
            return new int[] {TEXT_SIDE, TEXT_SIDE};
        }
        int longest = Math.max(width, height);
        int w = longest > DETERMINISTIC_MAX_SIDE ? width * DETERMINISTIC_MAX_SIDE / longest : width;
        int h =
                longest > DETERMINISTIC_MAX_SIDE
                        ? height * DETERMINISTIC_MAX_SIDE / longest
                        : height;
        return new int[] {cells(w), cells(h)};
    }

    /** Floats of the detector's output per frame at {@code tensor}: its heatmap or its map. */
    int outputFloats(int[] tensor) {
        return this == DETERMINISTIC
                ? (tensor[0] / CELL) * (tensor[1] / CELL)
                : tensor[0] * tensor[1];
    }

    static List<BenchModel> parseAll(List<String> options) {
        return options.stream().map(BenchModel::parse).distinct().toList();
    }

    private static int cells(int side) {
        return (Math.max(side, 1) + CELL - 1) / CELL * CELL;
    }
}

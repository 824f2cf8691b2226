package dev.vigil.job.inference;

import dev.vigil.nn.ModelDescriptor;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.FailureStage;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.ModelBinding;
import dev.vigil.schemas.NormalizedBox;
import dev.vigil.schemas.StageTimings;
import dev.vigil.wasm.CallTimings;
import dev.vigil.wasm.FrameRejection;
import dev.vigil.wasm.GuestBox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the boxes an inference module found in a frame (in frame pixels) into the frame's {@link
 * Detection} record: labels and model name and version from the detector, every bound model in
 * {@link Detection#getModels()}, the text a reader recognised per box, the module's name and
 * version, coordinates normalised to the frame. Every {@link FrameInference} goes through it, so a
 * record does not depend on how its boxes were found.
 */
public final class DetectionRecords {
    /** The binding whose labels the boxes carry, when a guest declares several models. */
    public static final String DETECTOR = "detector";

    private final ModelDescriptor model;
    private final List<ModelBinding> models;
    private final String moduleName;
    private final String moduleVersion;

    /**
     * @param bound the models the module runs, by the names it declares them under, in its order:
     *     the boxes' label indexes refer to the {@value #DETECTOR}'s labels, or the first model's
     *     when none is called so
     * @param moduleName what found the boxes, e.g. the guest module's name
     */
    public DetectionRecords(
            LinkedHashMap<String, ModelDescriptor> bound, String moduleName, String moduleVersion) {
        if (bound.isEmpty()) {
            throw new IllegalArgumentException(
                    "Module " + moduleName + " binds no model: its boxes need labels");
        }
        this.model = bound.getOrDefault(DETECTOR, bound.values().iterator().next());
        this.models =
                bound.entrySet().stream()
                        .map(
                                e ->
                                        new ModelBinding(
                                                e.getKey(),
                                                e.getValue().name(),
                                                e.getValue().version()))
                        .toList();
        this.moduleName = moduleName;
        this.moduleVersion = moduleVersion;
    }

    /** Records of a module that runs one model, {@code detector}. */
    public DetectionRecords(ModelDescriptor detector, String moduleName, String moduleVersion) {
        this(new LinkedHashMap<>(Map.of(DETECTOR, detector)), moduleName, moduleVersion);
    }

    /** What makes a frame unfit for any inference module, or null. */
    public static FrameFailure invalid(Frame frame) {
        if (frame.getEncoding() == dev.vigil.schemas.FrameEncoding.UNKNOWN) {
            return new FrameFailure(
                    FailureStage.VALIDATE,
                    DeadLetterReason.UNKNOWN_ENCODING.name(),
                    "Frame "
                            + id(frame)
                            + " has an encoding this job does not know (written by a newer"
                            + " producer?); upgrade the job or produce RAW_RGB8, JPEG or PNG.");
        }
        if (frame.getWidth() <= 0 || frame.getHeight() <= 0) {
            return new FrameFailure(
                    FailureStage.VALIDATE,
                    DeadLetterReason.BAD_DIMENSIONS.name(),
                    "Frame "
                            + id(frame)
                            + " says it is "
                            + frame.getWidth()
                            + "x"
                            + frame.getHeight()
                            + " pixels; both must be positive.");
        }
        return null;
    }

    /**
     * The module could not use the frame (e.g. its payload is not the image it claims): a dead
     * letter under the rejection's own code ({@link DeadLetterReason#of}).
     */
    public FrameOutcome rejected(Frame frame, FrameRejection why) {
        DeadLetterReason reason = DeadLetterReason.of(why.reason());
        return FrameOutcome.failed(
                new FrameFailure(
                        reason.stage(),
                        reason.name(),
                        label() + " could not process frame " + id(frame) + ": " + why.message()));
    }

    /**
     * The frame's record with {@code found}, or a {@code NON_FINITE_OUTPUT} failure when a box
     * holds a NaN or infinite value. {@code timings} are the batch's stages.
     */
    public FrameOutcome detected(Frame frame, List<GuestBox> found, CallTimings timings) {
        List<DetectedBox> boxes = new ArrayList<>(found.size());
        for (GuestBox box : found) {
            if (!finite(box)) {
                return FrameOutcome.failed(
                        new FrameFailure(
                                FailureStage.POSTPROCESS,
                                "NON_FINITE_OUTPUT",
                                label()
                                        + " reported a box with a NaN or infinite value on frame "
                                        + id(frame)
                                        + " ("
                                        + box
                                        + "): check model "
                                        + model.ref()
                                        + " and the frame."));
            }
            boxes.add(box(frame, box));
        }
        return FrameOutcome.detected(
                Detection.newBuilder()
                        .setSourceId(frame.getSourceId())
                        .setSequence(frame.getSequence())
                        .setCaptureTime(frame.getCaptureTime())
                        .setModelName(model.name())
                        .setModelVersion(model.version())
                        .setGuestModule(moduleName)
                        .setGuestVersion(moduleVersion)
                        .setBoxes(boxes)
                        .setModels(models)
                        // A window of sensor readings names the readings it spans.
                        .setWindowFirstSequence(frame.getWindowFirstSequence())
                        .setWindowLastSequence(
                                frame.getWindowFirstSequence() == null ? null : frame.getSequence())
                        // Queue time and batch size are the inference stage's to fill in.
                        .setTimings(
                                new StageTimings(
                                        0L,
                                        timings.preMicros(),
                                        timings.inferMicros(),
                                        timings.postMicros(),
                                        0))
                        .build());
    }

    private DetectedBox box(Frame frame, GuestBox found) {
        float width = frame.getWidth();
        float height = frame.getHeight();
        String label =
                found.label() >= 0 && found.label() < model.labels().size()
                        ? model.labels().get(found.label())
                        : "class-" + found.label();
        return new DetectedBox(
                label,
                found.score(),
                new NormalizedBox(
                        clamp(found.x0() / width),
                        clamp(found.y0() / height),
                        clamp(found.x1() / width),
                        clamp(found.y1() / height)),
                found.text(),
                found.text() == null ? null : found.textScore());
    }

    private String label() {
        return "Module " + moduleName + "@" + moduleVersion;
    }

    private static String id(Frame frame) {
        return frame.getSourceId() + "#" + frame.getSequence();
    }

    private static boolean finite(GuestBox d) {
        return Float.isFinite(d.score())
                && Float.isFinite(d.x0())
                && Float.isFinite(d.y0())
                && Float.isFinite(d.x1())
                && Float.isFinite(d.y1())
                && (d.text() == null || Float.isFinite(d.textScore()));
    }

    private static float clamp(float value) {
        return Math.max(0f, Math.min(1f, value));
    }
}

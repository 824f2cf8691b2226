package dev.vigil.perf.pipeline;

import dev.vigil.job.inference.DetectionRecords;
import dev.vigil.job.inference.FrameFailure;
import dev.vigil.job.inference.FrameInference;
import dev.vigil.job.inference.FrameOutcome;
import dev.vigil.nn.ModelDescriptor;
import dev.vigil.nn.TensorSpec;
import dev.vigil.schemas.Frame;
import dev.vigil.wasm.CallTimings;
import dev.vigil.wasm.GuestBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The streaming baseline: an inference stage that runs no inference and never decodes a frame. It
 * writes each frame a record of the size the deterministic detector's would have, one box where
 * {@link BenchScenes} drew the object, known from the frame's camera and sequence, so the
 * detections and alerts topics carry the same traffic as in an inference run. The same job around
 * it (source, keying, batching, sinks) is then all that costs: the limit the inference job can
 * reach on this machine.
 */
final class PassthroughInference implements FrameInference {
    static final String NAME = "passthrough";
    static final String VERSION = "1.0.0";

    private static final ModelDescriptor NO_MODEL =
            new ModelDescriptor(
                    NAME,
                    "1",
                    "No model: the streaming baseline of the load harness.",
                    List.of(TensorSpec.of("none", TensorSpec.FLOAT, "NC", -1, 1)),
                    List.of(TensorSpec.of("none", TensorSpec.FLOAT, "NC", -1, 1)),
                    List.of("object"),
                    Optional.empty(),
                    "");

    private static final CallTimings NO_TIME = new CallTimings(0, 0, 0);

    private final DetectionRecords records = new DetectionRecords(NO_MODEL, NAME, VERSION);

    /** The factory the job ships: nothing to set up. */
    static FrameInference.Factory factory() {
        return (subtask, gpus) -> new PassthroughInference();
    }

    @Override
    public List<FrameOutcome> infer(List<Frame> frames) {
        List<FrameOutcome> outcomes = new ArrayList<>(frames.size());
        for (Frame frame : frames) {
            FrameFailure invalid = DetectionRecords.invalid(frame);
            outcomes.add(
                    invalid != null
                            ? FrameOutcome.failed(invalid)
                            : records.detected(frame, boxes(frame), NO_TIME));
        }
        return outcomes;
    }

    private static List<GuestBox> boxes(Frame frame) {
        int[] box =
                BenchScenes.objectBox(
                        BenchFrames.cameraIndex(frame.getSourceId()),
                        frame.getSequence(),
                        frame.getWidth(),
                        frame.getHeight());
        return box == null
                ? List.of()
                : List.of(new GuestBox(0, 0.99f, box[0], box[1], box[0] + box[2], box[1] + box[3]));
    }

    @Override
    public String provider() {
        return "none";
    }

    @Override
    public void close() {}
}

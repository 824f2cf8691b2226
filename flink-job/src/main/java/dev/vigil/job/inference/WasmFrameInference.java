package dev.vigil.job.inference;

import dev.vigil.nn.ModelDescriptor;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.FailureStage;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.NormalizedBox;
import dev.vigil.schemas.StageTimings;
import dev.vigil.wasm.CallTimings;
import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.FrameId;
import dev.vigil.wasm.FrameResult;
import dev.vigil.wasm.GuestBatch;
import dev.vigil.wasm.GuestDeadlineException;
import dev.vigil.wasm.GuestException;
import dev.vigil.wasm.GuestFrame;
import dev.vigil.wasm.GuestMemoryException;
import dev.vigil.wasm.GuestMetadata;
import dev.vigil.wasm.GuestPool;
import dev.vigil.wasm.GuestTrapException;
import java.util.ArrayList;
import java.util.List;

/**
 * Inference through a pool of warm guest instances: frames go to the guest as they are (the host
 * kernels decode them), the guest's boxes come back as {@link Detection} records with labels from
 * the first model the guest declares and coordinates normalised to the frame.
 */
public final class WasmFrameInference implements FrameInference {
    private final GuestPool pool;
    private final GuestMetadata guest;
    private final ModelDescriptor model;

    /** Takes over {@code pool}: closing this closes it, releasing its model leases. */
    public WasmFrameInference(GuestPool pool) {
        this.pool = pool;
        this.guest = pool.module().metadata();
        if (pool.models().isEmpty()) {
            throw new IllegalArgumentException(
                    "Guest " + guest.label() + " declares no model: its detections need labels");
        }
        this.model = pool.models().get(0);
    }

    @Override
    public List<FrameOutcome> infer(List<Frame> frames) {
        FrameOutcome[] outcomes = new FrameOutcome[frames.size()];
        List<Integer> sent = new ArrayList<>(frames.size());
        List<GuestFrame> guestFrames = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            FrameFailure invalid = validate(frame);
            if (invalid != null) {
                outcomes[i] = FrameOutcome.failed(invalid);
                continue;
            }
            sent.add(i);
            guestFrames.add(
                    new GuestFrame(
                            new FrameId(frame.getSourceId(), frame.getSequence()),
                            FrameEncoding.valueOf(frame.getEncoding().name()),
                            frame.getWidth(),
                            frame.getHeight(),
                            frame.getPayload()));
        }
        if (!guestFrames.isEmpty()) {
            GuestBatch batch;
            try {
                batch = pool.run(guestFrames);
            } catch (GuestException e) {
                throw new BatchFailedException(failure(e), e);
            }
            for (int j = 0; j < sent.size(); j++) {
                int i = sent.get(j);
                outcomes[i] = outcome(frames.get(i), batch.results().get(j), batch.timings());
            }
        }
        return List.of(outcomes);
    }

    /** What makes a frame unfit for any guest, or null. */
    private static FrameFailure validate(Frame frame) {
        if (frame.getEncoding() == dev.vigil.schemas.FrameEncoding.UNKNOWN) {
            return new FrameFailure(
                    FailureStage.VALIDATE,
                    "UNKNOWN_ENCODING",
                    "Frame "
                            + frame.getSourceId()
                            + "#"
                            + frame.getSequence()
                            + " has an encoding this job does not know (written by a newer"
                            + " producer?); upgrade the job or produce RAW_RGB8, JPEG or PNG.");
        }
        if (frame.getWidth() <= 0 || frame.getHeight() <= 0) {
            return new FrameFailure(
                    FailureStage.VALIDATE,
                    "BAD_DIMENSIONS",
                    "Frame "
                            + frame.getSourceId()
                            + "#"
                            + frame.getSequence()
                            + " says it is "
                            + frame.getWidth()
                            + "x"
                            + frame.getHeight()
                            + " pixels; both must be positive.");
        }
        return null;
    }

    private FrameOutcome outcome(Frame frame, FrameResult result, CallTimings timings) {
        if (result.failed()) {
            return FrameOutcome.failed(
                    new FrameFailure(
                            FailureStage.PREPROCESS,
                            "FRAME_REJECTED",
                            "Guest "
                                    + guest.label()
                                    + " could not process frame "
                                    + result.id()
                                    + ": "
                                    + result.failure().orElseThrow()));
        }
        List<DetectedBox> boxes = new ArrayList<>(result.detections().size());
        for (dev.vigil.wasm.Detection found : result.detections()) {
            if (!finite(found)) {
                return FrameOutcome.failed(
                        new FrameFailure(
                                FailureStage.POSTPROCESS,
                                "NON_FINITE_OUTPUT",
                                "Guest "
                                        + guest.label()
                                        + " reported a box with a NaN or infinite value on frame "
                                        + result.id()
                                        + " ("
                                        + found
                                        + "): check model "
                                        + model.ref()
                                        + " and the frame."));
            }
            boxes.add(box(frame, found));
        }
        return FrameOutcome.detected(
                Detection.newBuilder()
                        .setSourceId(frame.getSourceId())
                        .setSequence(frame.getSequence())
                        .setCaptureTime(frame.getCaptureTime())
                        .setModelName(model.name())
                        .setModelVersion(model.version())
                        .setGuestModule(guest.name())
                        .setGuestVersion(guest.version())
                        .setBoxes(boxes)
                        // The batch's stages, as the guest's calls to the host split them; queue
                        // time and batch size are the inference stage's to fill in.
                        .setTimings(
                                new StageTimings(
                                        0L,
                                        timings.preMicros(),
                                        timings.inferMicros(),
                                        timings.postMicros(),
                                        0))
                        .build());
    }

    private DetectedBox box(Frame frame, dev.vigil.wasm.Detection found) {
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
                        clamp(found.y1() / height)));
    }

    private static boolean finite(dev.vigil.wasm.Detection d) {
        return Float.isFinite(d.score())
                && Float.isFinite(d.x0())
                && Float.isFinite(d.y0())
                && Float.isFinite(d.x1())
                && Float.isFinite(d.y1());
    }

    private static float clamp(float value) {
        return Math.max(0f, Math.min(1f, value));
    }

    /** The dead-letter reason of a guest failure; the stage is inference (the guest call). */
    static FrameFailure failure(GuestException e) {
        String code;
        if (e instanceof GuestTrapException) {
            code = "GUEST_TRAP";
        } else if (e instanceof GuestDeadlineException) {
            code = "GUEST_DEADLINE";
        } else if (e instanceof GuestMemoryException) {
            code = "GUEST_MEMORY";
        } else {
            code = "GUEST_ERROR";
        }
        return new FrameFailure(FailureStage.INFERENCE, code, e.getMessage());
    }

    @Override
    public String provider() {
        return pool.providers().get(0).name();
    }

    @Override
    public void close() {
        pool.close();
    }
}

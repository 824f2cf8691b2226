package dev.vigil.job.inference;

import dev.vigil.nn.ModelDescriptor;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.FailureStage;
import dev.vigil.schemas.Frame;
import dev.vigil.wasm.CallTimings;
import dev.vigil.wasm.FrameResult;
import dev.vigil.wasm.GuestBatch;
import dev.vigil.wasm.GuestCallException;
import dev.vigil.wasm.GuestFrame;
import dev.vigil.wasm.GuestMetadata;
import dev.vigil.wasm.GuestPool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Inference through a pool of warm guest instances: frames go to the guest as they are (the host
 * kernels decode them), the guest's boxes come back as {@link Detection} records with labels from
 * the guest's {@code detector} (or the first model it declares), the text a reading guest
 * recognised, every model it is bound to, and coordinates normalised to the frame.
 */
public final class WasmFrameInference implements FrameInference {
    private final GuestPool pool;
    private final DetectionRecords records;

    /**
     * Takes over {@code pool}: closing this closes it, releasing its model leases. The guest must
     * declare a model (the job checks it first: {@code GuestDeployment.checkFits}); the pool is
     * closed if it does not.
     */
    public WasmFrameInference(GuestPool pool) {
        this.pool = pool;
        GuestMetadata guest = pool.module().metadata();
        if (pool.models().isEmpty()) {
            pool.close();
            throw new IllegalArgumentException(
                    "Guest " + guest.label() + " declares no model: its detections need labels");
        }
        LinkedHashMap<String, ModelDescriptor> bound = new LinkedHashMap<>();
        for (int i = 0; i < guest.models().size(); i++) {
            bound.put(guest.models().get(i), pool.models().get(i));
        }
        this.records = new DetectionRecords(bound, guest.name(), guest.version());
    }

    @Override
    public List<FrameOutcome> infer(List<Frame> frames) {
        FrameOutcome[] outcomes = new FrameOutcome[frames.size()];
        List<Integer> sent = new ArrayList<>(frames.size());
        List<GuestFrame> guestFrames = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            FrameFailure invalid = DetectionRecords.invalid(frame);
            if (invalid != null) {
                outcomes[i] = FrameOutcome.failed(invalid);
                continue;
            }
            sent.add(i);
            guestFrames.add(GuestFrames.of(frame));
        }
        if (!guestFrames.isEmpty()) {
            GuestBatch batch;
            try {
                batch = pool.run(guestFrames);
            } catch (GuestCallException e) {
                throw new BatchFailedException(failure(e), e);
            }
            // Any other GuestException (a host fault: a model run failed, a device was lost) is
            // not the frames' fault: it fails the task, which restarts from its checkpoint.
            for (int j = 0; j < sent.size(); j++) {
                int i = sent.get(j);
                outcomes[i] = outcome(frames.get(i), batch.results().get(j), batch.timings());
            }
        }
        return List.of(outcomes);
    }

    private FrameOutcome outcome(Frame frame, FrameResult result, CallTimings timings) {
        return result.failed()
                ? records.rejected(frame, result.failure().orElseThrow())
                : records.detected(frame, result.detections(), timings);
    }

    /** The dead-letter reason of a guest failure; the stage is inference (the guest call). */
    static FrameFailure failure(GuestCallException e) {
        return new FrameFailure(FailureStage.INFERENCE, e.reasonCode(), e.getMessage());
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

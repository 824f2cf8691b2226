package dev.vigil.wasm.internal;

import dev.vigil.wasm.CallTimings;
import dev.vigil.wasm.FrameId;
import dev.vigil.wasm.FrameRejection;
import dev.vigil.wasm.FrameResult;
import dev.vigil.wasm.GuestBox;
import dev.vigil.wasm.GuestFrame;
import dev.vigil.wasm.GuestHostFaultException;
import dev.vigil.wasm.kernels.FrameDecoder;
import dev.vigil.wasm.kernels.FrameRejectedException;
import dev.vigil.wasm.kernels.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the host keeps during one guest call: the frames, their decoded images (decoded once, on the
 * guest's first request), what the guest reported per frame, and the last host-side error, so that
 * a guest's failure status can be explained.
 */
public final class CallState {
    private final List<GuestFrame> frames;
    private final RgbImage[] decoded;
    private final List<List<GuestBox>> detections;
    private final FrameRejection[] failures;
    private String lastHostError;
    private GuestHostFaultException hostFault;
    private int lastFrame = -1;
    private final long startNanos = System.nanoTime();
    private long firstComputeNanos = -1;
    private long lastComputeEndNanos = -1;
    private long computeNanos;

    CallState(List<GuestFrame> frames) {
        this.frames = List.copyOf(frames);
        this.decoded = new RgbImage[frames.size()];
        this.detections = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            detections.add(new ArrayList<>());
        }
        this.failures = new FrameRejection[frames.size()];
    }

    /** A model run of this call started and ended at these {@link System#nanoTime()} values. */
    void computed(long startedNanos, long endedNanos) {
        if (firstComputeNanos < 0) {
            firstComputeNanos = startedNanos;
        }
        lastComputeEndNanos = endedNanos;
        computeNanos += endedNanos - startedNanos;
    }

    /** The call's time split at its first and last model run, up to now. */
    CallTimings timings() {
        long end = System.nanoTime();
        if (firstComputeNanos < 0) {
            return new CallTimings(micros(end - startNanos), 0, 0);
        }
        return new CallTimings(
                micros(firstComputeNanos - startNanos),
                micros(computeNanos),
                micros(end - lastComputeEndNanos));
    }

    private static long micros(long nanos) {
        return nanos / 1_000;
    }

    int size() {
        return frames.size();
    }

    List<GuestFrame> frames() {
        return frames;
    }

    /** Frame {@code index}, checked: the guest passes indexes in. */
    GuestFrame frame(int index) {
        if (index < 0 || index >= frames.size()) {
            throw new IllegalArgumentException(
                    "frame index " + index + " outside the batch of " + frames.size());
        }
        lastFrame = index;
        return frames.get(index);
    }

    RgbImage decoded(int index, FrameDecoder decoder) {
        GuestFrame frame = frame(index);
        if (failures[index] != null) {
            throw new FrameRejectedException(failures[index].reason(), failures[index].message());
        }
        if (decoded[index] == null) {
            try {
                decoded[index] = decoder.decode(frame);
            } catch (FrameRejectedException e) {
                failures[index] = e.rejection();
                throw e;
            }
        }
        return decoded[index];
    }

    /**
     * Frame {@code index} for a kernel that reads its payload as it is (no decoding), refused as
     * the frame's earlier rejection if it has one; a rejection of {@code kernel} is recorded.
     */
    void read(int index, java.util.function.Consumer<GuestFrame> kernel) {
        GuestFrame frame = frame(index);
        if (failures[index] != null) {
            throw new FrameRejectedException(failures[index].reason(), failures[index].message());
        }
        try {
            kernel.accept(frame);
        } catch (FrameRejectedException e) {
            failures[index] = e.rejection();
            throw e;
        }
    }

    void fail(int index, FrameRejection rejection) {
        frame(index);
        if (failures[index] == null) {
            failures[index] = rejection;
        }
    }

    List<GuestBox> detections(int index) {
        frame(index);
        return detections.get(index);
    }

    void hostError(String message) {
        lastHostError = message;
    }

    /** The host failed under this call; the call is abandoned. */
    void hostFault(GuestHostFaultException fault) {
        hostFault = fault;
    }

    /** The host's failure that abandoned this call, however the guest's runtime passed it on. */
    Optional<GuestHostFaultException> hostFault() {
        return Optional.ofNullable(hostFault);
    }

    Optional<String> lastHostError() {
        return Optional.ofNullable(lastHostError);
    }

    /** The frame a host kernel last worked on: the likely culprit of a trap. */
    Optional<FrameId> lastFrame() {
        return lastFrame < 0 ? Optional.empty() : Optional.of(frames.get(lastFrame).id());
    }

    List<FrameId> ids() {
        return frames.stream().map(GuestFrame::id).toList();
    }

    List<FrameResult> results() {
        List<FrameResult> results = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            results.add(
                    new FrameResult(
                            frames.get(i).id(),
                            failures[i] == null ? detections.get(i) : List.of(),
                            Optional.ofNullable(failures[i])));
        }
        return results;
    }
}

package dev.vigil.job.inference;

import dev.vigil.schemas.Detection;
import dev.vigil.schemas.FailureStage;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.StageTimings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Inference that detects nothing, records the batches it is given and fails as told: a batch
 * holding a "poison" sequence fails as a whole, a "broken" one with an error not caused by input;
 * each batch runs at least {@code runMillis}. Static, because the operator builds its inference
 * from a serialized factory.
 */
final class FakeInference implements FrameInference {
    static final BlockingQueue<List<Long>> BATCHES = new LinkedBlockingQueue<>();
    static volatile Set<Long> poison = Set.of();
    static volatile Set<Long> broken = Set.of();
    static volatile CountDownLatch gate = new CountDownLatch(0);
    static volatile long runMillis;
    static volatile boolean closed;

    static void reset() {
        BATCHES.clear();
        poison = Set.of();
        broken = Set.of();
        gate = new CountDownLatch(0);
        runMillis = 0;
        closed = false;
    }

    static FrameInference.Factory factory() {
        return (subtask, gpus) -> new FakeInference();
    }

    @Override
    public List<FrameOutcome> infer(List<Frame> frames) {
        List<Long> sequences = frames.stream().map(Frame::getSequence).toList();
        BATCHES.add(sequences);
        try {
            gate.await();
            Thread.sleep(runMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (sequences.stream().anyMatch(broken::contains)) {
            throw new IllegalStateException("model session lost");
        }
        if (sequences.stream().anyMatch(poison::contains)) {
            throw new BatchFailedException(
                    new FrameFailure(FailureStage.INFERENCE, "GUEST_TRAP", "guest trapped"), null);
        }
        List<FrameOutcome> outcomes = new ArrayList<>();
        for (Frame frame : frames) {
            outcomes.add(
                    FrameOutcome.detected(
                            Detection.newBuilder()
                                    .setSourceId(frame.getSourceId())
                                    .setSequence(frame.getSequence())
                                    .setCaptureTime(frame.getCaptureTime())
                                    .setModelName("fake")
                                    .setModelVersion("1")
                                    .setGuestModule("fake")
                                    .setGuestVersion("1")
                                    .setBoxes(List.of())
                                    .setTimings(new StageTimings(0L, 0L, 0L, 0L, 0))
                                    .build()));
        }
        return outcomes;
    }

    @Override
    public String provider() {
        return "none";
    }

    @Override
    public void close() {
        closed = true;
    }
}

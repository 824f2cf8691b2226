package dev.vigil.job.inference;

import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.StageTimings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The inference stage: collects frames across the keys of its subtask into batches, runs each batch
 * off the task thread while the next one fills, and emits one {@link Detection} per frame, in
 * arrival order, or the frame's failure on {@link #FAILURES}.
 *
 * <ul>
 *   <li>A batch is sent at {@link Batching#maxBatch()} frames or, by {@link Batching#policy()},
 *       when its oldest frame has waited {@link Batching#maxDelay()} ({@link BatchPolicy#FIXED}) or
 *       at the latest moment its oldest frame's run still ends within {@link
 *       Batching#latencyBudget()} ({@link BatchPolicy#ADAPTIVE}, see {@link AdaptiveBatchPolicy}).
 *   <li>Before every checkpoint barrier and at end of input, the open batch is sent and every batch
 *       in flight is awaited and emitted: no frame is buffered across a barrier, so the operator
 *       needs no state and a restore replays from the source offsets.
 *   <li>At most {@link Batching#maxInFlight()} batches are in flight; beyond that the task thread
 *       waits (processing mails meanwhile), so overload becomes backpressure.
 *   <li>Batches complete in order and are emitted in order, so each key's order is kept.
 *   <li>A batch that failed as a whole ({@link BatchFailedException}) is run again frame by frame,
 *       so only the culprit fails. Any other error is parked and rethrown on the task thread, which
 *       fails the task.
 *   <li>A {@link DeploymentException} from the inference factory in {@code open()} ends the job as
 *       FAILED (Flink's {@link SuppressRestartsException}): it would repeat on every attempt.
 *   <li>A watermark is held back until the frames before it are emitted.
 * </ul>
 *
 * <p>Metrics of each subtask: {@code batchSize} (histogram), {@code queueMicros} (a frame's wait
 * for its batch), {@code batchMicros} (one batch's inference, guest and model), {@code preMicros},
 * {@code inferMicros} and {@code postMicros} (a batch's stages, see {@code StageTimings}), {@code
 * framesInFlight} (gauge: open batch plus batches out), {@code provider} (gauge: where the model
 * runs, e.g. CUDA or CPU), {@code reason.<code>.failures} (counters of dead-lettered frames by
 * reason), {@code framesOverBudget} (counter of frames whose batch's run ended later than the
 * latency budget after their arrival, under either policy) and, under ADAPTIVE, {@code
 * batchRunMicros.<size>.learnt} (gauges: the learnt run time of a batch of that size, 0 until one
 * has run).
 */
public final class MicroBatchInferenceOperator extends AbstractStreamOperator<Detection>
        implements OneInputStreamOperator<SourcedFrame, Detection>, BoundedOneInput {

    /** Frames the stage gave up on, for the dead-letter topic. */
    public static final OutputTag<FailedFrame> FAILURES = new OutputTag<>("inference-failures") {};

    private final Batching batching;
    private final FrameInference.Factory inferenceFactory;
    private final transient MailboxExecutor mailbox;

    private transient FrameInference inference;
    private transient ExecutorService worker;
    private transient List<Pending> open;
    private transient Deque<InFlightBatch> inFlight;
    private transient long timerGeneration;
    private transient long timerAt; // of the open batch's timer, MAX_VALUE when none
    private transient AdaptiveBatchPolicy adaptive; // null under FIXED
    private transient Counter framesOverBudget;
    private transient long budgetNanos;
    private transient Histogram batchSizes;
    private transient Histogram queueMicros;
    private transient Histogram batchMicros;
    private transient Histogram preMicros;
    private transient Histogram inferMicros;
    private transient Histogram postMicros;
    private transient Map<String, Counter> failuresByReason;
    private transient int framesInFlight;

    /**
     * A frame waiting for its batch, with its timestamp and when it arrived. Not the StreamRecord
     * itself: an upstream operator in the chain may reuse that object.
     */
    private record Pending(
            SourcedFrame frame, boolean hasTimestamp, long timestamp, long arrivalNanos) {
        <T> StreamRecord<T> record(T value) {
            return hasTimestamp ? new StreamRecord<>(value, timestamp) : new StreamRecord<>(value);
        }
    }

    /** A batch handed to the worker; its fields are written there and read after its mail ran. */
    private static final class InFlightBatch {
        final List<Pending> frames;
        final long startNanos = System.nanoTime();
        volatile long runStartNanos;
        volatile long endNanos;
        volatile boolean splitUp;
        volatile List<FrameOutcome> outcomes;
        volatile Throwable error;
        volatile boolean done;
        Watermark watermarkAfter;

        InFlightBatch(List<Pending> frames) {
            this.frames = frames;
        }
    }

    MicroBatchInferenceOperator(
            StreamOperatorParameters<Detection> parameters,
            Batching batching,
            FrameInference.Factory inferenceFactory) {
        super(parameters);
        this.batching = batching;
        this.inferenceFactory = inferenceFactory;
        this.mailbox = parameters.getMailboxExecutor();
    }

    @Override
    public void open() throws Exception {
        super.open();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        try {
            inference = inferenceFactory.create(subtask, gpuIndexes());
        } catch (DeploymentException e) {
            // Every attempt would fail the same way: end the job as FAILED, with this message,
            // rather than restart it forever.
            throw new SuppressRestartsException(e);
        }
        worker =
                Executors.newSingleThreadExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "vigil-inference-" + subtask);
                            thread.setDaemon(true);
                            return thread;
                        });
        open = new ArrayList<>(batching.maxBatch());
        inFlight = new ArrayDeque<>();
        timerAt = Long.MAX_VALUE;
        failuresByReason = new HashMap<>();
        batchSizes = histogram("batchSize");
        queueMicros = histogram("queueMicros");
        batchMicros = histogram("batchMicros");
        preMicros = histogram("preMicros");
        inferMicros = histogram("inferMicros");
        postMicros = histogram("postMicros");
        getMetricGroup().gauge("framesInFlight", () -> framesInFlight + open.size());
        framesOverBudget = getMetricGroup().counter("framesOverBudget");
        budgetNanos = batching.latencyBudget().toNanos();
        if (batching.policy() == BatchPolicy.ADAPTIVE) {
            adaptive = new AdaptiveBatchPolicy(batching);
            for (int size = 1; size <= batching.maxBatch(); size++) {
                int batchSize = size;
                getMetricGroup()
                        .addGroup("batchRunMicros", String.valueOf(size))
                        .gauge(
                                "learnt",
                                () ->
                                        TimeUnit.NANOSECONDS.toMicros(
                                                adaptive.measuredRunNanos(batchSize)));
            }
        }
        String provider = inference.provider();
        getMetricGroup().gauge("provider", () -> provider);
        // Prometheus takes numbers only: the provider again as the label of a gauge that is 1.
        getMetricGroup().addGroup("onnxProvider", provider).gauge("active", () -> 1);
    }

    @Override
    public void processElement(StreamRecord<SourcedFrame> element) throws Exception {
        if (open.isEmpty() && adaptive == null) {
            armTimer(
                    getProcessingTimeService().getCurrentProcessingTime()
                            + batching.maxDelay().toMillis());
        }
        long arrivalNanos = System.nanoTime();
        open.add(
                new Pending(
                        element.getValue(),
                        element.hasTimestamp(),
                        element.getTimestamp(),
                        arrivalNanos));
        if (open.size() >= batching.maxBatch()) {
            sendOpenBatch();
        } else if (adaptive != null) {
            sendAdaptively(arrivalNanos);
        }
    }

    /** Sends the open batch now or arms the timer for when the adaptive policy says. */
    private void sendAdaptively(long nowNanos) throws InterruptedException {
        long sendBy = adaptive.sendByNanos(open.get(0).arrivalNanos(), open.size(), nowNanos);
        if (sendBy <= nowNanos) {
            sendOpenBatch();
            return;
        }
        // Timers are in milliseconds: round down, a batch sent a little early keeps its budget.
        // Only an earlier time re-arms (the time mostly moves earlier as the batch grows): a
        // timer a frame would be waste, and one that fires early only sends early.
        long at =
                getProcessingTimeService().getCurrentProcessingTime()
                        + TimeUnit.NANOSECONDS.toMillis(sendBy - nowNanos);
        if (at < timerAt) {
            armTimer(at);
        }
    }

    /** Arms the one timer of the open batch; the one armed before no longer sends. */
    private void armTimer(long at) {
        long generation = ++timerGeneration;
        timerAt = at;
        getProcessingTimeService()
                .registerTimer(
                        at,
                        time -> {
                            if (generation == timerGeneration) {
                                sendOpenBatch();
                            }
                        });
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        sendOpenBatch();
        if (inFlight.isEmpty()) {
            super.processWatermark(mark);
        } else {
            inFlight.peekLast().watermarkAfter = mark;
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        sendOpenBatch();
        awaitAllInFlight();
    }

    @Override
    public void endInput() throws Exception {
        sendOpenBatch();
        awaitAllInFlight();
    }

    @Override
    public void close() throws Exception {
        try {
            if (worker != null) {
                worker.shutdownNow();
                worker.awaitTermination(30, TimeUnit.SECONDS);
            }
        } finally {
            if (inference != null) {
                inference.close();
            }
            super.close();
        }
    }

    private void sendOpenBatch() throws InterruptedException {
        timerGeneration++; // a pending timer belongs to the batch sent now
        timerAt = Long.MAX_VALUE;
        if (open.isEmpty()) {
            return;
        }
        while (inFlight.size() >= batching.maxInFlight()) {
            mailbox.yield(); // runs completion mails until one batch is emitted
        }
        InFlightBatch batch = new InFlightBatch(open);
        open = new ArrayList<>(batching.maxBatch());
        inFlight.addLast(batch);
        framesInFlight += batch.frames.size();
        batchSizes.update(batch.frames.size());
        if (adaptive != null) {
            adaptive.sent(batch.frames.size(), batch.startNanos);
        }
        worker.execute(() -> run(batch));
    }

    /** On the worker thread. */
    private void run(InFlightBatch batch) {
        batch.runStartNanos = System.nanoTime();
        try {
            batch.outcomes =
                    inferIsolating(
                            batch, batch.frames.stream().map(p -> p.frame().frame()).toList());
        } catch (Throwable error) {
            batch.error = error;
        }
        batch.endNanos = System.nanoTime();
        batch.done = true;
        mailbox.execute(this::emitCompleted, "emit inference results");
    }

    /** Runs the batch; if it failed as a whole, runs its frames one by one. */
    private List<FrameOutcome> inferIsolating(InFlightBatch batch, List<Frame> frames) {
        try {
            return checked(frames, inference.infer(frames));
        } catch (BatchFailedException e) {
            batch.splitUp = true; // its run time is no batch's: the adaptive policy skips it
            if (frames.size() == 1) {
                return List.of(FrameOutcome.failed(e.failure()));
            }
            List<FrameOutcome> outcomes = new ArrayList<>(frames.size());
            for (Frame frame : frames) {
                outcomes.addAll(inferIsolating(batch, List.of(frame)));
            }
            return outcomes;
        }
    }

    private static List<FrameOutcome> checked(List<Frame> frames, List<FrameOutcome> outcomes) {
        if (outcomes.size() != frames.size()) {
            throw new IllegalStateException(
                    "Inference returned "
                            + outcomes.size()
                            + " outcomes for a batch of "
                            + frames.size()
                            + " frames");
        }
        return outcomes;
    }

    private void awaitAllInFlight() throws InterruptedException {
        while (!inFlight.isEmpty()) {
            mailbox.yield();
        }
    }

    /** On the task thread: emits every finished batch at the head of the queue, in order. */
    private void emitCompleted() throws Exception {
        while (!inFlight.isEmpty() && inFlight.peekFirst().done) {
            InFlightBatch batch = inFlight.pollFirst();
            framesInFlight -= batch.frames.size();
            if (batch.error != null) {
                throw new InferenceStageException(
                        "Inference failed on a batch of "
                                + batch.frames.size()
                                + " frames for a reason other than its input; the task fails and"
                                + " restarts from the last checkpoint",
                        batch.error);
            }
            batchMicros.update(TimeUnit.NANOSECONDS.toMicros(batch.endNanos - batch.startNanos));
            if (adaptive != null) {
                adaptive.completed(batch.runStartNanos, batch.endNanos, !batch.splitUp);
            }
            emit(batch);
            if (batch.watermarkAfter != null) {
                super.processWatermark(batch.watermarkAfter);
            }
        }
    }

    private void emit(InFlightBatch batch) {
        boolean stagesRecorded = false;
        for (int i = 0; i < batch.frames.size(); i++) {
            Pending pending = batch.frames.get(i);
            FrameOutcome outcome = batch.outcomes.get(i);
            long queued = TimeUnit.NANOSECONDS.toMicros(batch.startNanos - pending.arrivalNanos());
            queueMicros.update(queued);
            if (batch.endNanos - pending.arrivalNanos() > budgetNanos) {
                framesOverBudget.inc();
            }
            if (outcome.detection() != null) {
                Detection detection = outcome.detection();
                StageTimings timings = detection.getTimings();
                if (!stagesRecorded) { // the stages are the batch's: count them once per batch
                    preMicros.update(timings.getPreMicros());
                    inferMicros.update(timings.getInferMicros());
                    postMicros.update(timings.getPostMicros());
                    stagesRecorded = true;
                }
                timings.setQueueMicros(queued);
                timings.setBatchSize(batch.frames.size());
                output.collect(pending.record(detection));
            } else {
                failuresByReason
                        .computeIfAbsent(
                                outcome.failure().reasonCode(),
                                code ->
                                        getMetricGroup()
                                                .addGroup("reason", code)
                                                .counter("failures"))
                        .inc();
                output.collect(
                        FAILURES,
                        pending.record(new FailedFrame(pending.frame(), outcome.failure())));
            }
        }
    }

    private Histogram histogram(String name) {
        return getMetricGroup().histogram(name, new DescriptiveStatisticsHistogram(1000));
    }

    private List<Integer> gpuIndexes() {
        List<Integer> indexes = new ArrayList<>();
        for (ExternalResourceInfo gpu : getRuntimeContext().getExternalResourceInfos("gpu")) {
            gpu.getProperty("index").map(Integer::parseInt).ifPresent(indexes::add);
        }
        return indexes;
    }
}

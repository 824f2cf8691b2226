package dev.vigil.perf.pipeline;

import dev.vigil.job.JobOptions;
import dev.vigil.job.VigilPipeline;
import dev.vigil.job.WasmInferenceFactory;
import dev.vigil.job.inference.BatchPolicy;
import dev.vigil.job.inference.Batching;
import dev.vigil.job.inference.FrameInference;
import dev.vigil.job.testing.JobTopics;
import dev.vigil.schemas.Frame;
import dev.vigil.topics.TopicCatalogue;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the real pipeline ({@link VigilPipeline}, on a Flink MiniCluster in this JVM, against the
 * broker and registry of a {@link BenchStack}) in three ways: draining a backlog as fast as it can
 * (saturation throughput, with a CPU profile), searching for the highest rate it sustains with the
 * producer running (one job, probe after probe), and at a fixed offered rate (latency per frame).
 */
final class PipelineRuns {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRuns.class);

    /** Start-up (JIT, model load, first fetches) left out of a saturation run's throughput. */
    private static final double SKIP = 0.25;

    private static final double WARMUP_RATE = 10;
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    /** How long after a probe's last frame its detections count as delivered in time. */
    private static final Duration PROBE_GRACE = Duration.ofSeconds(1);

    /** Which inference the pipeline runs. */
    enum Variant {
        WASM("wasm guest", WasmInferenceFactory::new),
        JAVA("plain Java", JavaInferenceFactory::new),
        PASSTHROUGH("passthrough (no inference)", options -> PassthroughInference.factory());

        final String label;
        private final Function<Configuration, FrameInference.Factory> factory;

        Variant(String label, Function<Configuration, FrameInference.Factory> factory) {
            this.label = label;
            this.factory = factory;
        }
    }

    /**
     * How one run was set up.
     *
     * @param policy the inference stage's batch policy ({@code vigil.batch.policy})
     * @param latencyBudget what an adaptive policy sends by ({@code vigil.batch.latency-budget})
     * @param bufferTimeout how long Flink holds a network buffer that is not full before sending it
     *     ({@code execution.buffer-timeout}): the hop from inference to the alert tracker waits on
     *     it at low rates
     */
    record Setup(
            Variant variant,
            BenchModel model,
            int maxBatch,
            Duration maxDelay,
            Duration checkpointInterval,
            BatchPolicy policy,
            Duration latencyBudget,
            Duration bufferTimeout) {
        /** The job's default buffer timeout (Vigil's, not Flink's). */
        static final Duration DEFAULT_BUFFER_TIMEOUT = JobOptions.BUFFER_TIMEOUT.defaultValue();

        /** A run with the job's default policy, FIXED, and the job's default buffer timeout. */
        Setup(
                Variant variant,
                BenchModel model,
                int maxBatch,
                Duration maxDelay,
                Duration checkpoints) {
            this(
                    variant,
                    model,
                    maxBatch,
                    maxDelay,
                    checkpoints,
                    BatchPolicy.FIXED,
                    Batching.DEFAULT_LATENCY_BUDGET,
                    DEFAULT_BUFFER_TIMEOUT);
        }

        Setup withBatch(int size) {
            return new Setup(
                    variant,
                    model,
                    size,
                    maxDelay,
                    checkpointInterval,
                    policy,
                    latencyBudget,
                    bufferTimeout);
        }

        Setup withDelay(Duration delay) {
            return new Setup(
                    variant,
                    model,
                    maxBatch,
                    delay,
                    checkpointInterval,
                    policy,
                    latencyBudget,
                    bufferTimeout);
        }

        Setup withVariant(Variant other) {
            return new Setup(
                    other,
                    model,
                    maxBatch,
                    maxDelay,
                    checkpointInterval,
                    policy,
                    latencyBudget,
                    bufferTimeout);
        }

        Setup withCheckpoints(Duration interval) {
            return new Setup(
                    variant,
                    model,
                    maxBatch,
                    maxDelay,
                    interval,
                    policy,
                    latencyBudget,
                    bufferTimeout);
        }

        Setup withPolicy(BatchPolicy other, Duration budget) {
            return new Setup(
                    variant,
                    model,
                    maxBatch,
                    maxDelay,
                    checkpointInterval,
                    other,
                    budget,
                    bufferTimeout);
        }

        Setup withBufferTimeout(Duration timeout) {
            return new Setup(
                    variant,
                    model,
                    maxBatch,
                    maxDelay,
                    checkpointInterval,
                    policy,
                    latencyBudget,
                    timeout);
        }

        String describe() {
            return variant.label
                    + (variant == Variant.PASSTHROUGH ? "" : ", " + model.option)
                    + ", maxBatch "
                    + maxBatch
                    + ", maxDelay "
                    + maxDelay.toMillis()
                    + " ms, checkpoints every "
                    + checkpointInterval.toSeconds()
                    + " s"
                    + (policy == BatchPolicy.FIXED
                            ? ""
                            : ", "
                                    + policy
                                    + " batching, budget "
                                    + latencyBudget.toMillis()
                                    + " ms")
                    + (bufferTimeout.equals(DEFAULT_BUFFER_TIMEOUT)
                            ? ""
                            : ", buffer timeout " + bufferTimeout.toMillis() + " ms");
        }
    }

    /** A topic set holding {@code frames} frames for saturation runs to drain. */
    record Backlog(JobTopics topics, int frames) {}

    record Saturation(
            Setup setup, double framesPerSecond, OutputWatcher.StageSplit stages, CpuProfile cpu) {}

    /**
     * @param achieved detections per second that arrived during the window
     */
    record FixedRate(
            Setup setup,
            double offered,
            double achieved,
            LatencyStats detections,
            LatencyStats alerts,
            int missingDetections) {}

    private final BenchSettings settings;
    private final BenchStack stack;
    private final BenchFrames frames;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private int jobs;

    PipelineRuns(BenchSettings settings, BenchStack stack, BenchFrames frames) {
        this.settings = settings;
        this.stack = stack;
        this.frames = frames;
    }

    /** Creates a backlog's topics and fills them with {@code count} frames. */
    Backlog fillBacklog(int count) {
        JobTopics topics = stack.topics("bench-" + runId + "-backlog-" + jobs++ + ".").create();
        try (KafkaProducer<String, Frame> producer = topics.frameProducer()) {
            for (long i = 0; i < count; i++) {
                send(producer, topics, frames.frame(i));
            }
        }
        return new Backlog(topics, count);
    }

    /** Drains the whole backlog with a job of its own and measures its steady rate and CPU. */
    Saturation saturate(Setup setup, Backlog backlog) throws Exception {
        int total = backlog.frames();
        int skip = (int) (total * SKIP);
        CpuProfile.Snapshot[] cpu = new CpuProfile.Snapshot[2];
        Map<String, Long> processes = stack.processes();
        try (OutputWatcher watcher =
                new OutputWatcher(
                        backlog.topics(),
                        Map.of(),
                        count -> {
                            if (count == skip + 1) {
                                cpu[0] = CpuProfile.take(processes);
                            } else if (count == total) {
                                cpu[1] = CpuProfile.take(processes);
                            }
                        })) {
            watcher.stagesFrom(skip);
            JobClient job = start(backlog.topics(), setup);
            try {
                if (!OutputWatcher.await(() -> watcher.detections() >= total, PATIENCE)) {
                    throw new IllegalStateException(
                            "Saturation run ("
                                    + setup.describe()
                                    + ") saw "
                                    + watcher.detections()
                                    + " of "
                                    + total
                                    + " detections in "
                                    + PATIENCE
                                    + "; see the log above for the job's failure");
                }
            } finally {
                stop(job);
            }
            return new Saturation(
                    setup,
                    Throughput.steady(watcher.arrivals(), watcher.detections(), SKIP),
                    watcher.stages(),
                    CpuProfile.between(cpu[0], cpu[1], total - skip - 1));
        }
    }

    /**
     * The highest offered rate one job of {@code setup} sustains, by {@link RateSearch} from {@code
     * start} with {@code probes} probes that {@code passes}: each probe offers its rate for {@code
     * settings.probeWindow()}, then waits for the job to catch up before the next.
     */
    RateSearch.Result searchRate(
            Setup setup, double start, int probes, Predicate<RateSearch.Probe> passes)
            throws Exception {
        try (Live live = new Live(setup, start)) {
            return RateSearch.search(
                    start,
                    probes,
                    rate -> {
                        Offered offered = live.offer(rate, Duration.ZERO, settings.probeWindow());
                        long graceEnd = offered.windowEnd() + PROBE_GRACE.toNanos();
                        OutputWatcher.await(
                                () ->
                                        live.watcher.inWindowDetections() >= offered.frames()
                                                || System.nanoTime() > graceEnd,
                                PROBE_GRACE.plus(settings.probeWindow()));
                        RateSearch.Probe probe =
                                new RateSearch.Probe(
                                        rate,
                                        (double) live.watcher.inWindowDetections()
                                                / offered.frames(),
                                        live.watcher.meanLagMs(0),
                                        live.watcher.meanLagMs(1),
                                        live.watcher.detectionLatency().p99(),
                                        live.watcher.inStageLatency().p99());
                        LOG.info("rate probe {}: sustained {}", probe, probe.sustained());
                        live.catchUp();
                        return probe;
                    },
                    passes);
        }
    }

    /**
     * Offers frames at {@code rate} per second to a fresh set of topics for {@code
     * settings.window()} after warm-up, and measures each frame's latency to its detection and to
     * its alert.
     */
    FixedRate fixedRate(Setup setup, double rate) throws Exception {
        try (Live live = new Live(setup, rate)) {
            Offered offered = live.offer(rate, SETTLE, settings.window());
            boolean complete =
                    OutputWatcher.await(
                            () -> live.watcher.inWindowDetections() >= offered.frames(),
                            Duration.ofSeconds(30));
            Thread.sleep(500); // alerts trail their detections by a hop
            if (!complete) {
                LOG.warn(
                        "Fixed-rate run ({}) at {} frames/s: {} of {} detections within 30 s"
                                + " of the last frame",
                        setup.describe(),
                        rate,
                        live.watcher.inWindowDetections(),
                        offered.frames());
            }
            return new FixedRate(
                    setup,
                    rate,
                    live.watcher.arrivedBetween(offered.windowStart(), offered.windowEnd())
                            / (settings.window().toNanos() / 1e9),
                    live.watcher.detectionLatency(),
                    live.watcher.alertLatency(),
                    offered.frames() - live.watcher.inWindowDetections());
        }
    }

    /** Frames offered in one measured window, and the window ({@code System.nanoTime()}). */
    private record Offered(long windowStart, long windowEnd, int frames) {}

    /**
     * One job on fresh topics with a producer and a watcher, measured window by window. It is
     * warmed up at the rate it will be measured at, for {@code settings.warmup()}: a trickle alone
     * leaves the guest's code to the JIT in the measured window, a job's first seconds at load.
     */
    private final class Live implements AutoCloseable {
        final JobTopics topics;
        final Map<String, Long> due = new ConcurrentHashMap<>();
        final OutputWatcher watcher;
        final KafkaProducer<String, Frame> producer;
        final JobClient job;
        long next;

        Live(Setup setup, double rate) throws Exception {
            topics = stack.topics("bench-" + runId + "-live-" + jobs + ".").create();
            watcher = new OutputWatcher(topics, due, count -> {});
            producer = topics.frameProducer();
            job = start(topics, setup);
            warmUp();
            offer(rate, settings.warmup(), Duration.ZERO);
            catchUp();
        }

        /**
         * Offers frames at {@code rate} from now on; those due from {@code settle} on, for {@code
         * window}, are measured.
         */
        Offered offer(double rate, Duration settle, Duration window) {
            RateSchedule schedule = new RateSchedule(System.nanoTime(), rate);
            long windowStart = System.nanoTime() + settle.toNanos();
            long windowEnd = windowStart + window.toNanos();
            watcher.window(windowStart, windowEnd);
            int inWindow = 0;
            long i = 0;
            for (; schedule.due(i) < windowEnd; i++) {
                schedule.awaitDue(i);
                Frame frame = frames.frame(next + i);
                long dueAt = schedule.due(i);
                due.put(OutputWatcher.key(frame.getSourceId(), frame.getSequence()), dueAt);
                if (dueAt >= windowStart) {
                    inWindow++;
                }
                send(producer, topics, frame);
            }
            producer.flush();
            next += i;
            return new Offered(windowStart, windowEnd, inWindow);
        }

        /** Waits until every frame sent so far has its detection, so none queues ahead. */
        void catchUp() throws InterruptedException {
            long sent = next;
            OutputWatcher.await(() -> watcher.detections() >= sent, Duration.ofSeconds(30));
        }

        /** Offers a trickle until the job answers: it is up and has its model. */
        private void warmUp() throws InterruptedException {
            RateSchedule trickle = new RateSchedule(System.nanoTime(), WARMUP_RATE);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (watcher.detections() < WARMUP_RATE) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "The job gave no detection within " + PATIENCE + "; see the log above");
                }
                trickle.awaitDue(next);
                send(producer, topics, frames.frame(next++));
                producer.flush();
            }
            catchUp();
        }

        @Override
        public void close() throws Exception {
            try {
                stop(job);
            } finally {
                producer.close();
                watcher.close();
                topics.delete();
            }
        }
    }

    private JobClient start(JobTopics topics, Setup setup) throws Exception {
        Configuration options = topics.jobOptions("bench-job-" + jobs++);
        options.addAll(stack.modelOptions(settings, setup.model(), setup.maxBatch()));
        options.set(JobOptions.MAX_DELAY, setup.maxDelay());
        options.set(JobOptions.BATCH_POLICY, setup.policy());
        options.set(JobOptions.LATENCY_BUDGET, setup.latencyBudget());
        options.set(JobOptions.BUFFER_TIMEOUT, setup.bufferTimeout());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(settings.parallelism());
        env.enableCheckpointing(setup.checkpointInterval().toMillis());
        VigilPipeline.build(env, options, setup.variant().factory.apply(options));
        return env.executeAsync("bench " + setup.describe());
    }

    private static void stop(JobClient job) throws Exception {
        job.cancel().get(1, TimeUnit.MINUTES);
        try {
            job.getJobExecutionResult().get(1, TimeUnit.MINUTES);
        } catch (ExecutionException cancelled) {
            // a cancelled job ends exceptionally: that is how it is meant to end here
        }
    }

    private static void send(KafkaProducer<String, Frame> producer, JobTopics topics, Frame frame) {
        producer.send(
                new ProducerRecord<>(
                        topics.name(TopicCatalogue.FRAMES), frame.getSourceId(), frame));
    }
}

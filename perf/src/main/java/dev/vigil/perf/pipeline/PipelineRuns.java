package dev.vigil.perf.pipeline;

import dev.vigil.job.JobOptions;
import dev.vigil.job.VigilPipeline;
import dev.vigil.job.WasmInferenceFactory;
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
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the real pipeline ({@link VigilPipeline}, on a Flink MiniCluster in this JVM, against the
 * broker and registry of a {@link BenchStack}) in two ways: draining a backlog as fast as it can
 * (saturation throughput, with a CPU profile), and at a fixed offered rate (latency per frame).
 */
final class PipelineRuns {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRuns.class);

    /** Start-up (JIT, model load, first fetches) left out of a saturation run's throughput. */
    private static final double SKIP = 0.25;

    private static final double WARMUP_RATE = 10;
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    /** Which inference the pipeline runs. */
    enum Variant {
        WASM("wasm guest", WasmInferenceFactory::new),
        JAVA("plain Java", JavaInferenceFactory::new);

        final String label;
        private final Function<Configuration, FrameInference.Factory> factory;

        Variant(String label, Function<Configuration, FrameInference.Factory> factory) {
            this.label = label;
            this.factory = factory;
        }
    }

    /** How one run was set up. */
    record Setup(Variant variant, int maxBatch, Duration maxDelay) {
        String describe() {
            return variant.label
                    + ", maxBatch "
                    + maxBatch
                    + ", maxDelay "
                    + maxDelay.toMillis()
                    + " ms";
        }
    }

    record Saturation(
            Setup setup, double framesPerSecond, OutputWatcher.StageSplit stages, CpuProfile cpu) {}

    /**
     * @param overload offered beyond what the pipeline can take: {@code achieved} is then its
     *     saturation throughput with the producer on the same machine, and latencies mean nothing
     * @param achieved detections per second that arrived during the window
     */
    record FixedRate(
            Setup setup,
            boolean overload,
            double offered,
            double achieved,
            LatencyStats detections,
            LatencyStats alerts,
            int missingDetections) {}

    private final BenchSettings settings;
    private final BenchStack stack;
    private final BenchFrames frames;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private JobTopics backlog;
    private int jobs;

    PipelineRuns(BenchSettings settings, BenchStack stack, BenchFrames frames) {
        this.settings = settings;
        this.stack = stack;
        this.frames = frames;
    }

    /** Creates the backlog's topics and fills them with {@code settings.backlogFrames()} frames. */
    void fillBacklog() {
        backlog = stack.topics("bench-" + runId + "-backlog.").create();
        try (KafkaProducer<String, Frame> producer = backlog.frameProducer()) {
            for (long i = 0; i < settings.backlogFrames(); i++) {
                send(producer, backlog, frames.frame(i));
            }
        }
    }

    /** Drains the whole backlog with a job of its own and measures its steady rate. */
    Saturation saturate(Setup setup) throws Exception {
        int total = settings.backlogFrames();
        int skip = (int) (total * SKIP);
        CpuProfile.Snapshot[] cpu = new CpuProfile.Snapshot[2];
        Map<String, Long> processes = stack.processes();
        try (OutputWatcher watcher =
                new OutputWatcher(
                        backlog,
                        Map.of(),
                        count -> {
                            if (count == skip + 1) {
                                cpu[0] = CpuProfile.take(processes);
                            } else if (count == total) {
                                cpu[1] = CpuProfile.take(processes);
                            }
                        })) {
            watcher.stagesFrom(skip);
            JobClient job = start(backlog, setup);
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
     * Offers frames at {@code rate} per second to a fresh set of topics for {@code
     * settings.window()} after warm-up, and measures each frame's latency to its detection and to
     * its alert, or, with {@code overload}, only the rate at which detections come out.
     */
    FixedRate fixedRate(Setup setup, double rate, boolean overload) throws Exception {
        JobTopics topics = stack.topics("bench-" + runId + "-live-" + jobs + ".").create();
        Map<String, Long> due = new ConcurrentHashMap<>();
        try (OutputWatcher watcher = new OutputWatcher(topics, due, count -> {});
                KafkaProducer<String, Frame> producer = topics.frameProducer()) {
            JobClient job = start(topics, setup);
            try {
                long index = warmUp(producer, topics, watcher);
                RateSchedule schedule = new RateSchedule(System.nanoTime(), rate);
                long windowStart = System.nanoTime() + SETTLE.toNanos();
                long windowEnd = windowStart + settings.window().toNanos();
                watcher.window(windowStart, windowEnd);
                int inWindow = 0;
                for (long i = 0; schedule.due(i) < windowEnd; i++) {
                    schedule.awaitDue(i);
                    Frame frame = frames.frame(index + i);
                    long dueAt = schedule.due(i);
                    due.put(OutputWatcher.key(frame.getSourceId(), frame.getSequence()), dueAt);
                    if (dueAt >= windowStart) {
                        inWindow++;
                    }
                    send(producer, topics, frame);
                }
                producer.flush();
                int expected = inWindow;
                boolean complete =
                        overload
                                || OutputWatcher.await(
                                        () -> watcher.inWindowDetections() >= expected,
                                        Duration.ofSeconds(30));
                Thread.sleep(500); // alerts trail their detections by a hop
                if (!complete) {
                    LOG.warn(
                            "Fixed-rate run ({}) at {} frames/s: {} of {} detections within 30 s"
                                    + " of the last frame",
                            setup.describe(),
                            rate,
                            watcher.inWindowDetections(),
                            expected);
                }
                return new FixedRate(
                        setup,
                        overload,
                        rate,
                        watcher.arrivedBetween(windowStart, windowEnd)
                                / (settings.window().toNanos() / 1e9),
                        watcher.detectionLatency(),
                        watcher.alertLatency(),
                        expected - watcher.inWindowDetections());
            } finally {
                stop(job);
            }
        } finally {
            topics.delete();
        }
    }

    /** Offers a trickle until the job answers, so the measured rate meets a warm job. */
    private long warmUp(
            KafkaProducer<String, Frame> producer, JobTopics topics, OutputWatcher watcher)
            throws InterruptedException {
        RateSchedule trickle = new RateSchedule(System.nanoTime(), WARMUP_RATE);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long i = 0;
        while (watcher.detections() < WARMUP_RATE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "The job gave no detection within " + PATIENCE + "; see the log above");
            }
            trickle.awaitDue(i);
            send(producer, topics, frames.frame(i++));
            producer.flush();
        }
        // Let every frame sent so far come out, so none of them queues ahead of the measured ones.
        long sent = i;
        OutputWatcher.await(() -> watcher.detections() >= sent, Duration.ofSeconds(30));
        return i;
    }

    private JobClient start(JobTopics topics, Setup setup) throws Exception {
        Configuration options = topics.jobOptions("bench-job-" + jobs++);
        options.addAll(stack.modelOptions(settings, setup.maxBatch()));
        options.set(JobOptions.MAX_DELAY, setup.maxDelay());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(settings.parallelism());
        env.enableCheckpointing(settings.checkpointInterval().toMillis());
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

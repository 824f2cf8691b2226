package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.serde.ConfluentAvroSerializer;
import dev.vigil.schemas.serde.SerdeSettings;
import dev.vigil.stack.embedded.EmbeddedFlink;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.topics.TopicCatalogue;
import dev.vigil.topics.TopicProvisioner;
import dev.vigil.topics.TopicSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs come and go on a long-lived cluster (every savepoint upgrade is a new job): after 15
 * submit-cancel cycles and 5 stop-with-savepoint-restart cycles on one TaskManager, the TaskManager
 * and the JobManager are still up, no job class loader survives a full GC in the TaskManager once
 * no job runs, and its Metaspace is within 30 MB of where it was after the first job. Each job
 * infers a few frames before it goes, so that everything a running job starts (guest calls and
 * their deadlines, model sessions, Kafka transactions) has started. What each check caught before
 * its fix (docs/OPERATIONS.md, "Class loaders"): 26 MiB per job in the TaskManager (the 8th job did
 * not start); the first job's loader kept by ONNX Runtime's shutdown hook, then by ImageIO's
 * registry; 14 MiB per job in the JobManager, which died of {@code OutOfMemoryError: Metaspace} on
 * the 15th job.
 *
 * <p>The JobManager's loaders and Metaspace are printed, not bounded: a finished job's loader may
 * stay there for minutes, held only softly (Jackson's per-thread buffer recycler in the job's
 * Avro), and a full GC from {@code jcmd} clears only soft references unused for longer than that.
 */
class ClassLoaderHygieneITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    private static final String PREFIX = "hygiene.";
    private static final int FRAMES = 4;
    private static final int CANCEL_CYCLES = 15;
    private static final int UPGRADE_CYCLES = 5;
    private static final long METASPACE_SLACK = 30L << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir static Path work;
    private static EmbeddedFlink flink;

    @BeforeAll
    static void startCluster() {
        flink = EmbeddedFlink.builder().workDir(work.resolve("flink")).slots(1).start();
    }

    @AfterAll
    static void stopCluster() {
        if (flink != null) {
            flink.close();
        }
    }

    @Test
    void jobsComingAndGoingLeaveNoClassLoaderAndNoMetaspaceBehind() {
        try (TopicProvisioner topics =
                TopicProvisioner.connect(
                        TopicSettings.builder()
                                .bootstrapServers(KAFKA.bootstrapServers())
                                .prefix(PREFIX)
                                .build())) {
            topics.apply();
        }
        Path repository = work.resolve("models");
        DeterministicDetector.build().importInto(new ModelRepository(repository), "1");
        produceFrames();
        List<String> args =
                DetectorJob.args(
                        KAFKA.bootstrapServers(),
                        REGISTRY.url(),
                        PREFIX,
                        repository,
                        "--execution.checkpointing.interval",
                        "1 s");
        FlinkRest rest = new FlinkRest(flink.restUrl());
        String jar = rest.upload(Path.of(System.getProperty("vigil.job-jar")));
        JvmProbe taskManager = new JvmProbe(flink.pids().get(1));

        KafkaConsumer<byte[], byte[]> detections = detections();
        JvmProbe.Sample first = null;
        int seen = 0;
        for (int cycle = 1; cycle <= CANCEL_CYCLES; cycle++) {
            // A group of its own: every job reads the frames from the start.
            String job = rest.run(jar, withGroup(args, "hygiene-" + cycle), 1, null);
            rest.awaitRunning(job, TIMEOUT);
            seen = awaitDetections(detections, seen, seen + FRAMES);
            rest.cancel(job, TIMEOUT);
            JvmProbe.Sample sample = settled(taskManager, 0);
            report("cancel", cycle, sample);
            first = first == null ? sample : first;
        }
        List<String> upgraded = withGroup(args, "hygiene-upgrades");
        String job = rest.run(jar, upgraded, 1, null);
        rest.awaitRunning(job, TIMEOUT);
        seen = awaitDetections(detections, seen, seen + FRAMES);
        for (int cycle = 1; cycle <= UPGRADE_CYCLES; cycle++) {
            String savepoint = rest.stopWithSavepoint(job, null, TIMEOUT);
            job = rest.run(jar, upgraded, 1, savepoint);
            rest.awaitRunning(job, TIMEOUT);
            report("savepoint+restart", cycle, settled(taskManager, 1));
        }
        detections.close();
        rest.cancel(job, TIMEOUT);
        JvmProbe.Sample last = settled(taskManager, 0);
        report("final cancel", CANCEL_CYCLES + UPGRADE_CYCLES + 1, last);

        // None may stay; ONNX Runtime's shutdown hook and ImageIO's registry kept the first job's
        // until the cluster's class path created them (docs/OPERATIONS.md, "Class loaders").
        assertThat(last.jobLoaders()).as("job class loaders alive with no job").isZero();
        assertThat(last.metaspaceBytes())
                .as(
                        "Metaspace after %d jobs (%d MiB) against after the first (%d MiB)",
                        CANCEL_CYCLES + 1 + UPGRADE_CYCLES,
                        last.metaspaceMiB(),
                        first.metaspaceMiB())
                .isLessThanOrEqualTo(first.metaspaceBytes() + METASPACE_SLACK);
    }

    /**
     * A sample once at most {@code loaders} job class loaders are left: the TaskManager releases a
     * job's loader shortly after the JobManager reports the job's end, once its slot is freed.
     */
    private static JvmProbe.Sample settled(JvmProbe taskManager, int loaders) {
        assertThat(ProcessHandle.of(flink.pids().get(0)).map(ProcessHandle::isAlive))
                .as("the JobManager is up; see %s", work.resolve("flink/jobmanager.out"))
                .contains(true);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            assertThat(taskManager.alive())
                    .as("the TaskManager is up; see %s", work.resolve("flink/taskmanager.log"))
                    .isTrue();
            JvmProbe.Sample sample = taskManager.sample();
            if (sample.jobLoaders() <= loaders || System.nanoTime() > deadline) {
                return sample;
            }
            sleep(Duration.ofSeconds(1));
        }
    }

    private static List<String> withGroup(List<String> args, String group) {
        List<String> with = new ArrayList<>(args);
        with.addAll(List.of("--vigil.kafka.group-id", group));
        return with;
    }

    private static void produceFrames() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        SerdeSettings serde = SerdeSettings.builder().registryUrls(List.of(REGISTRY.url())).build();
        try (KafkaProducer<String, Frame> producer =
                new KafkaProducer<>(
                        config,
                        new StringSerializer(),
                        new ConfluentAvroSerializer<>(Frame.class, serde))) {
            SyntheticCamera camera = new SyntheticCamera("cam-1", 64, 48);
            for (long seq = 1; seq <= FRAMES; seq++) {
                Instant at = Instant.ofEpochSecond(1_700_000_000L + seq);
                producer.send(
                        new ProducerRecord<>(
                                PREFIX + TopicCatalogue.FRAMES, "cam-1", camera.frame(seq, at)));
            }
        }
    }

    /** Reads uncommitted detections too: a cancelled job's last transaction never commits. */
    private static KafkaConsumer<byte[], byte[]> detections() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "hygiene-reader");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(PREFIX + TopicCatalogue.DETECTIONS));
        return consumer;
    }

    /** Reads detections until {@code count} were seen in all; returns how many were. */
    private static int awaitDetections(
            KafkaConsumer<byte[], byte[]> consumer, int seenBefore, int count) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int seen = seenBefore;
        while (seen < count) {
            assertThat(System.nanoTime()).as("%d detections in time", count).isLessThan(deadline);
            seen += consumer.poll(Duration.ofMillis(200)).count();
        }
        return seen;
    }

    /** One line per cycle: the TaskManager's sample, and the JobManager's for comparison. */
    private static void report(String kind, int cycle, JvmProbe.Sample sample) {
        JvmProbe.Sample jobManager = new JvmProbe(flink.pids().get(0)).sample();
        System.out.printf(
                "class-loader hygiene: %-18s %2d  TaskManager: job loaders %d, metaspace %d MiB"
                        + "  JobManager: job loaders %d, metaspace %d MiB%n",
                kind,
                cycle,
                sample.jobLoaders(),
                sample.metaspaceMiB(),
                jobManager.jobLoaders(),
                jobManager.metaspaceMiB());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

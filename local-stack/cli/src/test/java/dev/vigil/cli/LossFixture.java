package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.schemas.serde.ConfluentAvroDeserializer;
import dev.vigil.schemas.serde.ConfluentAvroSerializer;
import dev.vigil.schemas.serde.SerdeSettings;
import dev.vigil.topics.TopicCatalogue;
import dev.vigil.topics.TopicProvisioner;
import dev.vigil.topics.TopicSettings;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the process-loss ITCases share: the job submitted with {@code vigil job submit} to topics
 * under a prefix of their own, small frames with one bright square each (one detection, one track
 * per camera), and what a read_committed reader sees on the outputs.
 */
final class LossFixture {
    static final List<String> CAMERAS = List.of("cam-1", "cam-2", "cam-3");

    /** A track alerts after 6 frames: one begun before a loss alerts after it only if kept. */
    static final int ALERT_FRAMES = 6;

    private static final int WIDTH = 64;
    private static final int HEIGHT = 48;

    private final String bootstrapServers;
    private final String registryUrl;
    private final Path work;
    private final List<String> cameras;
    private final String prefix = "loss-" + UUID.randomUUID().toString().substring(0, 8) + ".";

    LossFixture(String bootstrapServers, String registryUrl, Path work) {
        this(bootstrapServers, registryUrl, work, CAMERAS);
    }

    LossFixture(String bootstrapServers, String registryUrl, Path work, List<String> cameras) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.work = work;
        this.cameras = List.copyOf(cameras);
    }

    List<String> cameras() {
        return cameras;
    }

    /** The prefix of this fixture's topics. */
    String prefix() {
        return prefix;
    }

    /** Where {@link #submit} imports the detector. */
    Path models() {
        return work.resolve("models");
    }

    /** Creates the topics, imports the detector and submits the job; returns its id. */
    String submit(String flinkUrl) {
        return submit(flinkUrl, List.of(), models().toString());
    }

    /**
     * As {@link #submit(String)}, with more options of {@code vigil job submit} and the job's
     * {@code vigil.model-repository}.
     */
    String submit(String flinkUrl, List<String> cliOptions, String repository) {
        DeterministicDetector.build().importInto(new ModelRepository(models()), "1");
        try (TopicProvisioner topics =
                TopicProvisioner.connect(
                        TopicSettings.builder()
                                .bootstrapServers(bootstrapServers)
                                .prefix(prefix)
                                .build())) {
            topics.apply();
        }
        List<String> options =
                new ArrayList<>(
                        List.of(
                                "--flink-url=" + flinkUrl,
                                stateDir(),
                                "--jar=" + System.getProperty("vigil.job-jar")));
        options.addAll(cliOptions);
        String out =
                CliRun.succeed(
                        DetectorJob.submit(
                                options,
                                DetectorJob.args(
                                        bootstrapServers,
                                        registryUrl,
                                        prefix,
                                        repository,
                                        "--vigil.batch.max-size",
                                        "4",
                                        "--vigil.batch.max-delay",
                                        "20 ms",
                                        "--vigil.alert.min-frames",
                                        String.valueOf(ALERT_FRAMES),
                                        "--execution.checkpointing.interval",
                                        "500 ms")));
        return CliRun.jobId(out);
    }

    /** The CLI's {@code --state-dir} for this fixture's submissions. */
    String stateDir() {
        return "--state-dir=" + work.resolve("state");
    }

    /** Sends frames {@code from..to} of every camera and waits until the broker has them all. */
    void produce(int from, int to) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(TopicCatalogue.frameProducerSettings());
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, Frame> producer =
                new KafkaProducer<>(
                        config,
                        new StringSerializer(),
                        new ConfluentAvroSerializer<>(Frame.class, serde()))) {
            for (long seq = from; seq <= to; seq++) {
                for (String camera : cameras) {
                    sent.add(
                            producer.send(
                                    new ProducerRecord<>(
                                            prefix + TopicCatalogue.FRAMES,
                                            camera,
                                            frame(camera, seq))));
                }
            }
        }
        for (Future<RecordMetadata> frame : sent) {
            frame.get();
        }
    }

    /** The committed detections once there are at least {@code atLeast}, or after 90 s. */
    List<Detection> detections(int atLeast) {
        return read(TopicCatalogue.DETECTIONS, Detection.class, atLeast, Duration.ofSeconds(90));
    }

    List<Alert> alerts() {
        return read(TopicCatalogue.ALERTS, Alert.class, cameras.size(), Duration.ofSeconds(20));
    }

    /** Every frame 1..{@code frames} of every camera has exactly one committed detection. */
    static void assertExactlyOnce(List<Detection> detections, int frames) {
        assertExactlyOnce(detections, frames, CAMERAS);
    }

    /** Every frame 1..{@code frames} of each of {@code cameras} has exactly one detection. */
    static void assertExactlyOnce(List<Detection> detections, int frames, List<String> cameras) {
        Map<String, List<Long>> bySource =
                detections.stream()
                        .collect(
                                Collectors.groupingBy(
                                        Detection::getSourceId,
                                        Collectors.mapping(
                                                Detection::getSequence, Collectors.toList())));
        List<Long> expected = LongStream.rangeClosed(1, frames).boxed().toList();
        assertThat(bySource).containsOnlyKeys(cameras);
        for (String camera : cameras) {
            assertThat(bySource.get(camera)).as(camera).containsExactlyElementsOf(expected);
        }
    }

    /**
     * One alert per camera (repeats share its id), for the track that began at frame 1: the track's
     * state outlived the loss that happened before frame {@link #ALERT_FRAMES}.
     */
    static void assertAlertStateKept(List<Alert> alerts) {
        assertAlertStateKept(alerts, CAMERAS);
    }

    /** As {@link #assertAlertStateKept(List)}, for each of {@code cameras}. */
    static void assertAlertStateKept(List<Alert> alerts, List<String> cameras) {
        for (String camera : cameras) {
            List<Alert> mine = alerts.stream().filter(a -> a.getSourceId().equals(camera)).toList();
            assertThat(mine).as(camera).isNotEmpty();
            assertThat(mine.stream().map(Alert::getAlertId).distinct()).as(camera).hasSize(1);
            assertThat(mine.get(0).getFirstSequence()).as(camera).isEqualTo(1);
            assertThat(mine.get(0).getLastSequence()).as(camera).isEqualTo(ALERT_FRAMES);
        }
    }

    /**
     * Waits until the cluster at {@code flinkUrl} runs job {@code jobId} with all its tasks,
     * through the time a JobManager is down or has not yet recovered the job.
     */
    static void awaitRunning(String flinkUrl, String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        CliException last = null;
        while (System.nanoTime() < deadline) {
            try {
                new FlinkRest(flinkUrl).awaitRunning(jobId, Duration.ofSeconds(5));
                return;
            } catch (CliException e) {
                last = e;
                sleep();
            }
        }
        throw new AssertionError("Job " + jobId + " was not running within " + timeout, last);
    }

    private static Frame frame(String camera, long seq) {
        byte[] rgb = new byte[WIDTH * HEIGHT * 3];
        for (int y = 8; y < 24; y++) {
            for (int x = 16; x < 32; x++) {
                int at = (y * WIDTH + x) * 3;
                rgb[at] = rgb[at + 1] = rgb[at + 2] = (byte) 255;
            }
        }
        return Frame.newBuilder()
                .setSourceId(camera)
                .setSequence(seq)
                .setCaptureTime(Instant.ofEpochSecond(1_700_000_000L + seq))
                .setEncoding(FrameEncoding.RAW_RGB8)
                .setWidth(WIDTH)
                .setHeight(HEIGHT)
                .setPayload(ByteBuffer.wrap(rgb))
                .setAttributes(Map.of())
                .build();
    }

    private SerdeSettings serde() {
        return SerdeSettings.builder().registryUrls(List.of(registryUrl)).build();
    }

    private <T extends SpecificRecord> List<T> read(
            String topic, Class<T> type, int atLeast, Duration patience) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<T> records = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer =
                new KafkaConsumer<>(
                        config,
                        new StringDeserializer(),
                        new ConfluentAvroDeserializer<>(type, serde()))) {
            consumer.subscribe(List.of(prefix + topic));
            long deadline = System.nanoTime() + patience.toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (records.size() < atLeast || emptyPolls < 3)) {
                var batch = consumer.poll(Duration.ofMillis(500));
                emptyPolls = batch.isEmpty() ? emptyPolls + 1 : 0;
                batch.forEach(record -> records.add(record.value()));
            }
        }
        return records;
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

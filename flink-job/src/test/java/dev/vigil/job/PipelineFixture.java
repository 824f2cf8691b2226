package dev.vigil.job;

import dev.vigil.job.testing.JobTopics;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.topics.TopicCatalogue;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What the job's ITCases share: topics under a prefix of their own on the embedded broker, the
 * deterministic detector in a repository, frames with one bright square each, and a read_committed
 * reader of the output topics.
 */
final class PipelineFixture {
    static final int WIDTH = 64;
    static final int HEIGHT = 48;

    final String bootstrapServers;
    final Path repository;
    final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private final JobTopics topics;

    PipelineFixture(String bootstrapServers, String registryUrl, Path repository) {
        this.bootstrapServers = bootstrapServers;
        this.repository = repository;
        this.topics = new JobTopics(bootstrapServers, registryUrl, prefix);
    }

    /** Creates the topics and imports the detector as {@code deterministic-detector@1} and 2. */
    PipelineFixture setUp() {
        ModelRepository models = new ModelRepository(repository);
        DeterministicDetector.build().importInto(models, "1");
        DeterministicDetector.build().importInto(models, "2");
        topics.create();
        return this;
    }

    /** The job's options for these parts, with model version {@code modelVersion}. */
    Configuration options(String modelVersion) {
        Configuration options = topics.jobOptions("job");
        options.set(JobOptions.GUEST, "bundled:deterministic-detect");
        options.set(
                JobOptions.MODELS,
                Map.of("detector", DeterministicDetector.NAME + "@" + modelVersion));
        options.set(JobOptions.MODEL_REPOSITORY, repository.toString());
        options.set(JobOptions.PROVIDERS, List.of("CPU"));
        options.set(JobOptions.MAX_BATCH, 4);
        options.set(JobOptions.MAX_DELAY, Duration.ofMillis(20));
        options.set(JobOptions.ALERT_MIN_FRAMES, 3);
        return options;
    }

    /**
     * Runs the job over the frames produced so far, to the end (a bounded source), on a MiniCluster
     * with two slots and checkpoints every 500 ms, as the detections sink commits on checkpoints.
     */
    void runToEnd(Configuration options, String jobName) throws Exception {
        options.set(JobOptions.BOUNDED, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        VigilPipeline.build(env, options, new WasmInferenceFactory(options));
        env.execute(jobName);
    }

    /**
     * Submits the job to a MiniCluster of its own, from {@code savepoint} when given (as {@code
     * flink run -s} does), with checkpoints every 300 ms; it runs until stopped or cancelled.
     */
    JobClient start(Configuration options, String savepoint, String jobName) throws Exception {
        Configuration submission = new Configuration();
        if (savepoint != null) {
            submission.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(submission);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        VigilPipeline.build(
                env, options, new WasmInferenceFactory(options), Pipelines.wasmInference(options));
        return env.executeAsync(jobName);
    }

    /** The committed detections, once there are at least {@code count} (within two minutes). */
    List<Detection> awaitDetections(int count) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        List<Detection> detections = List.of();
        while (System.nanoTime() < deadline && detections.size() < count) {
            detections =
                    read(TopicCatalogue.DETECTIONS, Detection.class, count, Duration.ofSeconds(5));
        }
        if (detections.size() < count) {
            throw new AssertionError(
                    "Only "
                            + detections.size()
                            + " committed detections of "
                            + count
                            + " within two minutes");
        }
        return detections;
    }

    KafkaProducer<String, Frame> producer() {
        return topics.frameProducer();
    }

    JobTopics topics() {
        return topics;
    }

    /**
     * Sends frames {@code from..to} of every camera, cameras interleaved, and waits until the
     * broker has every one: a frame lost here would fail a test far from its cause.
     */
    void produce(List<String> cameras, int from, int to) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, Frame> producer = producer()) {
            for (int seq = from; seq <= to; seq++) {
                for (String camera : cameras) {
                    sent.add(send(producer, frame(camera, seq, FrameEncoding.RAW_RGB8, square())));
                }
            }
        }
        for (Future<RecordMetadata> frame : sent) {
            frame.get();
        }
    }

    Future<RecordMetadata> send(KafkaProducer<String, Frame> producer, Frame frame) {
        return producer.send(
                new ProducerRecord<>(
                        topics.name(TopicCatalogue.FRAMES), frame.getSourceId(), frame));
    }

    static Frame frame(String camera, long seq, FrameEncoding encoding, byte[] payload) {
        return Frame.newBuilder()
                .setSourceId(camera)
                .setSequence(seq)
                .setCaptureTime(Instant.ofEpochSecond(1_700_000_000L + seq))
                .setEncoding(encoding)
                .setWidth(WIDTH)
                .setHeight(HEIGHT)
                .setPayload(ByteBuffer.wrap(payload))
                .setAttributes(Map.of())
                .build();
    }

    /** Black with a white 16x16 square: one "bright" box in every frame. */
    static byte[] square() {
        return squareAt(16);
    }

    /**
     * Black with a white 16x16 square from pixel column {@code left} (a multiple of 8, the
     * detector's cell), rows 8..23: one "bright" box from x = left/64 to (left+16)/64, y 1/6..1/2.
     */
    static byte[] squareAt(int left) {
        byte[] rgb = new byte[WIDTH * HEIGHT * 3];
        for (int y = 8; y < 24; y++) {
            for (int x = left; x < left + 16; x++) {
                int at = (y * WIDTH + x) * 3;
                rgb[at] = rgb[at + 1] = rgb[at + 2] = (byte) 255;
            }
        }
        return rgb;
    }

    /** Each camera's detected sequences, in topic order. */
    static Map<String, List<Long>> sequencesBySource(List<Detection> detections) {
        return detections.stream()
                .collect(
                        Collectors.groupingBy(
                                Detection::getSourceId,
                                Collectors.mapping(Detection::getSequence, Collectors.toList())));
    }

    /**
     * Everything a read_committed consumer sees on {@code topic} now: polls until it has seen at
     * least {@code atLeast} records and then three empty polls, or for {@code patience}.
     */
    <T extends SpecificRecord> List<T> read(
            String topic, Class<T> type, int atLeast, Duration patience) {
        return readRecords(topic, type, atLeast, patience).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    /** {@link #read}, with each record's key. */
    <T extends SpecificRecord> List<ConsumerRecord<String, T>> readRecords(
            String topic, Class<T> type, int atLeast, Duration patience) {
        List<ConsumerRecord<String, T>> records = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = topics.reader(type, true)) {
            consumer.subscribe(List.of(topics.name(topic)));
            long deadline = System.nanoTime() + patience.toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (records.size() < atLeast || emptyPolls < 3)) {
                var batch = consumer.poll(Duration.ofMillis(500));
                emptyPolls = batch.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, T> record : batch) {
                    records.add(record);
                }
            }
        }
        return records;
    }
}

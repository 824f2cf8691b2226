package dev.vigil.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.job.inference.WasmInferenceFactory;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.generated.DeterministicDetector;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.schemas.serde.ConfluentAvroDeserializer;
import dev.vigil.schemas.serde.ConfluentAvroSerializer;
import dev.vigil.schemas.serde.SerdeSettings;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.topics.TopicCatalogue;
import dev.vigil.topics.TopicProvisioner;
import dev.vigil.topics.TopicSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a Flink MiniCluster with the real broker and registry: frames of three cameras
 * through the deterministic guest and model, plus records that must end up in the dead-letter
 * topic, checked on the output topics as a read_committed consumer sees them.
 */
class PipelineITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    private static final List<String> CAMERAS = List.of("cam-1", "cam-2", "cam-3");
    private static final int FRAMES_PER_CAMERA = 5;
    private static final int WIDTH = 64;
    private static final int HEIGHT = 48;

    @TempDir Path repository;
    private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";

    @Test
    void detectsAlertsAndDeadLettersEveryFrameExactlyOnce() throws Exception {
        DeterministicDetector.build().importInto(new ModelRepository(repository), "1");
        try (TopicProvisioner topics =
                TopicProvisioner.connect(
                        TopicSettings.builder()
                                .bootstrapServers(KAFKA.bootstrapServers())
                                .prefix(prefix)
                                .build())) {
            topics.apply();
        }
        produceFrames();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        VigilPipeline.build(env, options(), new WasmInferenceFactory(options()));
        env.execute("pipeline-it");

        List<Detection> detections = read(TopicCatalogue.DETECTIONS, Detection.class);
        assertThat(detections).hasSize(CAMERAS.size() * FRAMES_PER_CAMERA);
        Map<String, List<Long>> sequences =
                detections.stream()
                        .collect(
                                Collectors.groupingBy(
                                        Detection::getSourceId,
                                        Collectors.mapping(
                                                Detection::getSequence, Collectors.toList())));
        for (String camera : CAMERAS) {
            assertThat(sequences.get(camera)).as(camera).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
        assertThat(detections)
                .allSatisfy(
                        d -> {
                            assertThat(d.getBoxes()).singleElement();
                            assertThat(d.getBoxes().get(0).getLabel()).isEqualTo("bright");
                            assertThat(d.getModelName()).isEqualTo(DeterministicDetector.NAME);
                        });

        List<Alert> alerts = read(TopicCatalogue.ALERTS, Alert.class);
        assertThat(alerts)
                .extracting(Alert::getSourceId, Alert::getFirstSequence, Alert::getLastSequence)
                .containsExactlyInAnyOrder(
                        CAMERAS.stream().map(c -> Tuple.tuple(c, 1L, 3L)).toArray(Tuple[]::new));

        List<DeadLetter> deadLetters = read(TopicCatalogue.FRAMES_DLQ, DeadLetter.class);
        assertThat(deadLetters)
                .extracting(DeadLetter::getReasonCode)
                .containsExactlyInAnyOrder("NOT_WIRE_FORMAT", "FRAME_REJECTED");
        DeadLetter rejected =
                deadLetters.stream()
                        .filter(d -> d.getReasonCode().equals("FRAME_REJECTED"))
                        .findFirst()
                        .orElseThrow();
        assertThat(rejected.getSourceId()).isEqualTo("cam-broken");
        assertThat(rejected.getOriginTopic()).isEqualTo(prefix + TopicCatalogue.FRAMES);
    }

    private Configuration options() {
        Configuration options = new Configuration();
        options.set(JobOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        options.set(JobOptions.REGISTRY_URL, REGISTRY.url());
        options.set(JobOptions.TOPIC_PREFIX, prefix);
        options.set(JobOptions.GROUP_ID, prefix + "job");
        options.set(JobOptions.TRANSACTION_PREFIX, prefix + "job");
        options.set(JobOptions.BOUNDED, true);
        options.set(JobOptions.GUEST, "bundled:deterministic-detect");
        options.set(JobOptions.MODELS, Map.of("detector", DeterministicDetector.NAME + "@1"));
        options.set(JobOptions.MODEL_REPOSITORY, repository.toString());
        options.set(JobOptions.PROVIDERS, List.of("CPU"));
        options.set(JobOptions.MAX_BATCH, 4);
        options.set(JobOptions.MAX_DELAY, Duration.ofMillis(20));
        options.set(JobOptions.ALERT_MIN_FRAMES, 3);
        return options;
    }

    private void produceFrames() {
        String topic = prefix + TopicCatalogue.FRAMES;
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, Frame> producer =
                        new KafkaProducer<>(
                                config,
                                new StringSerializer(),
                                new ConfluentAvroSerializer<>(Frame.class, serde()));
                KafkaProducer<byte[], byte[]> raw =
                        new KafkaProducer<>(
                                config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int seq = 1; seq <= FRAMES_PER_CAMERA; seq++) {
                for (String camera : CAMERAS) {
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    camera,
                                    frame(camera, seq, FrameEncoding.RAW_RGB8, square())));
                }
            }
            producer.send(
                    new ProducerRecord<>(
                            topic,
                            "cam-broken",
                            frame("cam-broken", 1, FrameEncoding.JPEG, new byte[] {1, 2, 3})));
            raw.send(
                    new ProducerRecord<>(
                            topic,
                            "cam-x".getBytes(StandardCharsets.UTF_8),
                            "not a frame".getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static SerdeSettings serde() {
        return SerdeSettings.builder().registryUrls(List.of(REGISTRY.url())).build();
    }

    private static Frame frame(String camera, int seq, FrameEncoding encoding, byte[] payload) {
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
    private static byte[] square() {
        byte[] rgb = new byte[WIDTH * HEIGHT * 3];
        for (int y = 8; y < 24; y++) {
            for (int x = 16; x < 32; x++) {
                int at = (y * WIDTH + x) * 3;
                rgb[at] = rgb[at + 1] = rgb[at + 2] = (byte) 255;
            }
        }
        return rgb;
    }

    private <T extends SpecificRecord> List<T> read(String name, Class<T> type) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "reader-" + name);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<T> records = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer =
                new KafkaConsumer<>(
                        config,
                        new StringDeserializer(),
                        new ConfluentAvroDeserializer<>(type, serde()))) {
            consumer.subscribe(List.of(prefix + name));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && emptyPolls < 3) {
                var batch = consumer.poll(Duration.ofSeconds(1));
                emptyPolls = batch.isEmpty() && !records.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, T> record : batch) {
                    records.add(record.value());
                }
            }
        }
        return records;
    }
}

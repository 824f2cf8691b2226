package dev.vigil.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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

    @TempDir Path repository;

    @Test
    void detectsAlertsAndDeadLettersEveryFrameExactlyOnce() throws Exception {
        PipelineFixture fixture =
                new PipelineFixture(KAFKA.bootstrapServers(), REGISTRY.url(), repository).setUp();
        fixture.produce(CAMERAS, 1, FRAMES_PER_CAMERA);
        produceBadRecords(fixture);

        Configuration options = fixture.options("1");
        fixture.runToEnd(options, "pipeline-it");

        int expected = CAMERAS.size() * FRAMES_PER_CAMERA;
        List<Detection> detections =
                fixture.read(TopicCatalogue.DETECTIONS, Detection.class, expected, patience());
        assertThat(detections).hasSize(expected);
        for (String camera : CAMERAS) {
            assertThat(PipelineFixture.sequencesBySource(detections).get(camera))
                    .as(camera)
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
        }
        assertThat(detections)
                .allSatisfy(
                        d -> {
                            assertThat(d.getBoxes()).singleElement();
                            assertThat(d.getBoxes().get(0).getLabel()).isEqualTo("bright");
                            assertThat(d.getModelName()).isEqualTo(DeterministicDetector.NAME);
                        });

        List<Alert> alerts = fixture.read(TopicCatalogue.ALERTS, Alert.class, 3, patience());
        assertThat(alerts)
                .extracting(Alert::getSourceId, Alert::getFirstSequence, Alert::getLastSequence)
                .containsExactlyInAnyOrder(
                        CAMERAS.stream().map(c -> Tuple.tuple(c, 1L, 3L)).toArray(Tuple[]::new));

        var letters =
                fixture.readRecords(TopicCatalogue.FRAMES_DLQ, DeadLetter.class, 3, patience());
        List<DeadLetter> deadLetters = letters.stream().map(ConsumerRecord::value).toList();
        assertThat(deadLetters)
                .extracting(DeadLetter::getReasonCode)
                .containsExactlyInAnyOrder("NOT_WIRE_FORMAT", "CORRUPT_IMAGE", "MISSING_SOURCE_ID");
        // Dead letters are keyed by their origin record's key, not all by "".
        assertThat(letters)
                .extracting(r -> r.value().getReasonCode() + "=" + r.key())
                .containsExactlyInAnyOrder(
                        "NOT_WIRE_FORMAT=cam-x",
                        "CORRUPT_IMAGE=cam-broken",
                        "MISSING_SOURCE_ID=cam-y");
        DeadLetter rejected =
                deadLetters.stream()
                        .filter(d -> d.getReasonCode().equals("CORRUPT_IMAGE"))
                        .findFirst()
                        .orElseThrow();
        assertThat(rejected.getSourceId()).isEqualTo("cam-broken");
        assertThat(rejected.getOriginTopic()).isEqualTo(fixture.prefix + TopicCatalogue.FRAMES);
    }

    /**
     * A JPEG frame whose payload is no JPEG, a frame without a source id (keyed cam-y), and a
     * record that is not in the wire format.
     */
    private static void produceBadRecords(PipelineFixture fixture) {
        try (KafkaProducer<String, Frame> producer = fixture.producer()) {
            fixture.send(
                    producer,
                    PipelineFixture.frame("cam-broken", 1, FrameEncoding.JPEG, new byte[] {1, 2}));
            producer.send(
                    new ProducerRecord<>(
                            fixture.prefix + TopicCatalogue.FRAMES,
                            "cam-y",
                            PipelineFixture.frame(
                                    "", 1, FrameEncoding.RAW_RGB8, PipelineFixture.square())));
        }
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrapServers);
        try (KafkaProducer<byte[], byte[]> raw =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(
                    new ProducerRecord<>(
                            fixture.prefix + TopicCatalogue.FRAMES,
                            "cam-x".getBytes(StandardCharsets.UTF_8),
                            "not a frame".getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static Duration patience() {
        return Duration.ofSeconds(20);
    }
}

package dev.vigil.topics;

import static dev.vigil.topics.TopicCatalogue.ALERTS;
import static dev.vigil.topics.TopicCatalogue.DETECTIONS;
import static dev.vigil.topics.TopicCatalogue.FRAMES;
import static dev.vigil.topics.TopicCatalogue.FRAMES_DLQ;
import static dev.vigil.topics.TopicCatalogue.SENSOR_READINGS;
import static dev.vigil.topics.TopicCatalogue.SOURCES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {
    private static final int RAW_1080P_RGB_BYTES = 1920 * 1080 * 3;

    @Test
    void holdsVigilsTopicsWithTheDefaults() {
        TopicCatalogue catalogue = TopicCatalogue.vigil(TopicSettings.defaults());

        assertThat(catalogue.topics())
                .extracting(TopicSpec::name)
                .containsExactly(FRAMES, DETECTIONS, ALERTS, FRAMES_DLQ, SENSOR_READINGS, SOURCES);
        assertThat(catalogue.topics())
                .allSatisfy(
                        topic -> {
                            assertThat(topic.partitions())
                                    .isEqualTo(TopicSettings.DEFAULT_PARTITIONS);
                            assertThat(topic.replicationFactor()).isEqualTo(1);
                            assertThat(topic.configs())
                                    .containsKeys(
                                            "cleanup.policy",
                                            "retention.ms",
                                            "max.message.bytes",
                                            "compression.type",
                                            "min.insync.replicas");
                        });
    }

    /** kafkajs reads no zstd without a codec: the outputs' compression is a setting. */
    @Test
    void theOutputTopicsTakeTheSettingsCompressionAndATopicOverrideWins() {
        assertThat(compressions(TopicSettings.defaults()))
                .containsExactly("producer", "zstd", "zstd", "zstd", "producer", "zstd");
        assertThat(compressions(TopicSettings.builder().outputCompression("gzip").build()))
                .containsExactly("producer", "gzip", "gzip", "gzip", "producer", "gzip");
        assertThat(
                        compressions(
                                TopicSettings.builder()
                                        .outputCompression("gzip")
                                        .config(FRAMES_DLQ, "compression.type", "zstd")
                                        .build()))
                .containsExactly("producer", "gzip", "gzip", "zstd", "producer", "gzip");
        assertThatThrownBy(() -> TopicSettings.builder().outputCompression("brotli").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'brotli' is not a Kafka compression.type");
    }

    private static List<String> compressions(TopicSettings settings) {
        return TopicCatalogue.vigil(settings).topics().stream()
                .map(topic -> topic.configs().get("compression.type"))
                .toList();
    }

    @Test
    void frameTopicsTakeARawFullHdFrameAndTheDlqOutlivesTheFrames() {
        TopicCatalogue catalogue = TopicCatalogue.vigil(TopicSettings.defaults());
        long frameLimit = maxMessageBytes(catalogue.topic(FRAMES));
        long dlqLimit = maxMessageBytes(catalogue.topic(FRAMES_DLQ));

        assertThat(frameLimit).isGreaterThan(RAW_1080P_RGB_BYTES + 1024 * 1024);
        assertThat(dlqLimit).isGreaterThan(frameLimit);
        assertThat(retention(catalogue.topic(FRAMES_DLQ)))
                .isGreaterThan(retention(catalogue.topic(FRAMES)));
        assertThat(catalogue.topic(ALERTS).configs())
                .containsEntry("cleanup.policy", "compact,delete");
    }

    @Test
    void frameProducersMaySendWhatTheFramesTopicTakesOneRequestAtATime() {
        TopicCatalogue catalogue = TopicCatalogue.vigil(TopicSettings.defaults());

        assertThat(TopicCatalogue.frameProducerSettings())
                .containsEntry("max.request.size", (int) maxMessageBytes(catalogue.topic(FRAMES)))
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("max.in.flight.requests.per.connection", 1);
    }

    @Test
    void settingsPrefixResizeAndOverrideTopics() {
        TopicCatalogue catalogue =
                TopicCatalogue.vigil(
                        TopicSettings.builder()
                                .prefix("tenant-a.")
                                .defaultPartitions(3)
                                .replicationFactor(3)
                                .partitions(FRAMES, 24)
                                .config(ALERTS, "retention.ms", "1000")
                                .build());

        assertThat(catalogue.topic(FRAMES).name()).isEqualTo("tenant-a.frames");
        assertThat(catalogue.topic(FRAMES).partitions()).isEqualTo(24);
        assertThat(catalogue.topic(DETECTIONS).partitions()).isEqualTo(3);
        assertThat(catalogue.topic(ALERTS).configs()).containsEntry("retention.ms", "1000");
        // With three copies a write waits for two, so one broker may be down.
        assertThat(catalogue.topic(DETECTIONS).configs()).containsEntry("min.insync.replicas", "2");
    }

    @Test
    void overrideOfAnUnknownTopicNamesTheKnownOnes() {
        TopicSettings settings = TopicSettings.builder().partitions("frame", 3).build();

        assertThatThrownBy(() -> TopicCatalogue.vigil(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'frame'")
                .hasMessageContaining(
                        "[alerts, detections, frames, frames.dlq, sensor-readings, sources]");
    }

    private static long maxMessageBytes(TopicSpec topic) {
        return Long.parseLong(topic.configs().get("max.message.bytes"));
    }

    private static long retention(TopicSpec topic) {
        return Long.parseLong(topic.configs().get("retention.ms"));
    }
}

package dev.vigil.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.packaged.PaddleOcrModels;
import dev.vigil.nn.testing.TextScene;
import dev.vigil.nn.testing.TextScene.Caption;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.schemas.NormalizedBox;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.topics.TopicCatalogue;
import java.awt.Rectangle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product path on a MiniCluster with the real broker and registry: JPEG frames of three cameras
 * showing a sign, through the real {@code text-detect} guest and PaddleOCR's detector. Every frame
 * gets a detection whose box covers the sign, a blank frame gets none, and each camera's sign
 * raises one alert once it has been seen in three frames.
 */
class TextPipelineITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    /** Each camera's sign and where it stands. */
    private static final int WIDTH = 640;

    private static final int HEIGHT = 480;
    private static final Map<String, TextScene> SIGNS =
            Map.of(
                    "gate-north", sign("NORTH GATE", 40, 140),
                    "dock-7", sign("DOCK 7", 300, 380),
                    "lobby", sign("VISITORS", 120, 260));

    private static final int SIGNED_FRAMES = 3;

    @TempDir Path repository;

    @Test
    void findsEachSignInEveryFrameAndAlertsOncePerCamera() throws Exception {
        PipelineFixture fixture =
                new PipelineFixture(KAFKA.bootstrapServers(), REGISTRY.url(), repository).setUp();
        PaddleOcrModels.importAll(new ModelRepository(repository));
        byte[] blank = TextScene.render(WIDTH, HEIGHT).encode("jpeg");
        try (KafkaProducer<String, Frame> producer = fixture.producer()) {
            for (int seq = 1; seq <= SIGNED_FRAMES + 1; seq++) {
                for (Map.Entry<String, TextScene> sign : SIGNS.entrySet()) {
                    byte[] jpeg = seq <= SIGNED_FRAMES ? sign.getValue().encode("jpeg") : blank;
                    fixture.send(producer, frame(sign.getKey(), seq, jpeg));
                }
            }
        }
        Configuration options = fixture.options("1");
        options.set(JobOptions.GUEST, "bundled:text-detect");
        options.set(JobOptions.MODELS, Map.of("detector", "ppocr-det@4"));
        fixture.runToEnd(options, "text-pipeline-it");

        int expected = SIGNS.size() * (SIGNED_FRAMES + 1);
        List<Detection> detections =
                fixture.read(
                        TopicCatalogue.DETECTIONS,
                        Detection.class,
                        expected,
                        Duration.ofSeconds(20));
        assertThat(detections).hasSize(expected);
        for (Detection detection : detections) {
            Rectangle sign = SIGNS.get(detection.getSourceId()).text().get(0);
            if (detection.getSequence() > SIGNED_FRAMES) {
                assertThat(detection.getBoxes())
                        .as("blank frame of %s", detection.getSourceId())
                        .isEmpty();
                continue;
            }
            assertThat(detection.getModelName()).isEqualTo("ppocr-det");
            assertThat(detection.getBoxes())
                    .as("%s#%d", detection.getSourceId(), detection.getSequence())
                    .anySatisfy(
                            box -> {
                                assertThat(box.getLabel()).isEqualTo("text");
                                assertThat(iou(box, sign)).isGreaterThanOrEqualTo(0.5);
                            });
        }

        // Alerts are at least once: a consumer keeps one per id, as this does.
        Collection<Alert> alerts =
                fixture
                        .read(
                                TopicCatalogue.ALERTS,
                                Alert.class,
                                SIGNS.size(),
                                Duration.ofSeconds(20))
                        .stream()
                        .collect(Collectors.toMap(Alert::getAlertId, a -> a, (a, b) -> a))
                        .values();
        // One alert per track: a sign whose words the detector boxes apart raises one per word.
        assertThat(alerts.stream().map(Alert::getSourceId).distinct())
                .containsExactlyInAnyOrderElementsOf(SIGNS.keySet());
        assertThat(alerts)
                .allSatisfy(
                        alert -> {
                            assertThat(alert.getLabel()).isEqualTo("text");
                            assertThat(alert.getFirstSequence()).isEqualTo(1);
                            assertThat(alert.getLastSequence()).isEqualTo(SIGNED_FRAMES);
                            assertThat(alert.getModelName()).isEqualTo("ppocr-det");
                            assertThat(alert.getModelVersion()).isEqualTo("4");
                        });
    }

    private static TextScene sign(String text, int x, int baseline) {
        return TextScene.render(WIDTH, HEIGHT, new Caption(text, x, baseline, 56));
    }

    private static Frame frame(String camera, long seq, byte[] jpeg) {
        Frame frame = PipelineFixture.frame(camera, seq, FrameEncoding.JPEG, jpeg);
        frame.setWidth(WIDTH);
        frame.setHeight(HEIGHT);
        return frame;
    }

    /** Intersection over union of a detected box (normalised) and the drawn text (pixels). */
    private static double iou(DetectedBox detected, Rectangle text) {
        NormalizedBox b = detected.getBox();
        double x0 = b.getXMin() * WIDTH;
        double y0 = b.getYMin() * HEIGHT;
        double x1 = b.getXMax() * WIDTH;
        double y1 = b.getYMax() * HEIGHT;
        double ix = Math.max(0, Math.min(x1, text.getMaxX()) - Math.max(x0, text.getMinX()));
        double iy = Math.max(0, Math.min(y1, text.getMaxY()) - Math.max(y0, text.getMinY()));
        double intersection = ix * iy;
        double union = (x1 - x0) * (y1 - y0) + text.getWidth() * text.getHeight() - intersection;
        return intersection / union;
    }
}

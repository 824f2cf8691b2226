package dev.vigil.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.packaged.PaddleOcrModels;
import dev.vigil.nn.testing.TextScene;
import dev.vigil.nn.testing.TextScene.Caption;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.schemas.ModelBinding;
import dev.vigil.schemas.text.TextNormal;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plate reader through the pipeline, on a MiniCluster with the real broker and registry: JPEG
 * frames of cameras each showing a number plate, the bundled {@code text-read} guest with
 * PaddleOCR's detector and recogniser. Detections carry the plate's text and both models; the
 * watched plates alert once per track, others never; and an upgrade of the recogniser through a
 * savepoint switches each camera's recogniser version at one point, every frame exactly once.
 */
class ReaderPipelineITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    /** Each camera's plate, as written on it. */
    private static final Map<String, String> PLATES =
            Map.of("gate-1", "AB-123-CD", "gate-2", "KX-4721", "gate-3", "7ABC123");

    /** Watched: gate-1's plate as an operator types it, gate-2's one character off. */
    private static final String WATCHLIST = "ab 123 cd;KX-4728";

    private static final int FRAMES = 4;

    @TempDir Path repository;
    @TempDir Path savepoints;

    @Test
    void readsEveryPlateAndAlertsOncePerTrackOnTheWatchedOnes() throws Exception {
        PipelineFixture fixture = reader();
        produce(fixture, List.copyOf(PLATES.keySet()), 1, FRAMES);
        Configuration options = options(fixture, "ppocr-rec@4");
        fixture.runToEnd(options, "reader-pipeline-it");

        List<Detection> detections = fixture.awaitDetections(PLATES.size() * FRAMES);
        assertThat(detections).hasSize(PLATES.size() * FRAMES);
        for (Detection detection : detections) {
            assertThat(detection.getModelName()).isEqualTo("ppocr-det");
            assertThat(detection.getModels())
                    .containsExactly(
                            new ModelBinding("detector", "ppocr-det", "4"),
                            new ModelBinding("recogniser", "ppocr-rec", "4"));
            assertThat(texts(detection))
                    .as("%s#%d", detection.getSourceId(), detection.getSequence())
                    .contains(TextNormal.of(PLATES.get(detection.getSourceId())));
        }

        Collection<Alert> watchlist =
                fixture.read(TopicCatalogue.ALERTS, Alert.class, 2, Duration.ofSeconds(20)).stream()
                        .filter(alert -> alert.getRule().equals("watchlist"))
                        // Alerts are at least once: a consumer keeps one per id, as this does.
                        .collect(Collectors.toMap(Alert::getAlertId, a -> a, (a, b) -> a))
                        .values();
        assertThat(watchlist)
                .as("one per watched camera's track, in its first frame")
                .extracting(
                        Alert::getSourceId,
                        Alert::getWatchEntry,
                        Alert::getFirstSequence,
                        Alert::getLastSequence)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("gate-1", "ab 123 cd", 1L, 1L),
                        org.assertj.core.groups.Tuple.tuple("gate-2", "KX-4728", 1L, 1L));
        assertThat(watchlist)
                .allSatisfy(
                        alert ->
                                assertThat(TextNormal.of(alert.getText()))
                                        .isEqualTo(TextNormal.of(PLATES.get(alert.getSourceId()))));
    }

    @Test
    void upgradesTheRecogniserThroughASavepointLosingAndRepeatingNothing() throws Exception {
        PipelineFixture fixture = reader();
        List<String> cameras = List.of("gate-1", "gate-2");
        List<String> busy = List.of("gate-3"); // frames 3-4 in flight at the stop
        List<String> all = List.of("gate-1", "gate-2", "gate-3");

        JobClient v3 = fixture.start(options(fixture, "ppocr-rec@3"), null, "reader-rec-v3");
        produce(fixture, all, 1, 2);
        fixture.awaitDetections(all.size() * 2);
        produce(fixture, busy, 3, 4);
        String savepoint =
                v3.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(120, TimeUnit.SECONDS);

        JobClient v4 = fixture.start(options(fixture, "ppocr-rec@4"), savepoint, "reader-rec-v4");
        int last = 6;
        produce(fixture, cameras, 3, last);
        produce(fixture, busy, 5, last);
        List<Detection> detections = fixture.awaitDetections(all.size() * last);
        v4.cancel().get(60, TimeUnit.SECONDS);

        assertThat(detections).as("read_committed: exactly once").hasSize(all.size() * last);
        for (String camera : all) {
            List<Detection> own =
                    detections.stream().filter(d -> d.getSourceId().equals(camera)).toList();
            assertThat(own)
                    .extracting(Detection::getSequence)
                    .as(camera)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
            assertThat(own).extracting(Detection::getModelVersion).as(camera).containsOnly("4");
            List<String> recognisers =
                    own.stream().map(ReaderPipelineITCase::recogniserVersion).toList();
            int switchAt = recognisers.indexOf("4");
            assertThat(switchAt).as("%s switches to ppocr-rec@4", camera).isPositive();
            assertThat(recognisers.subList(0, switchAt)).as(camera).containsOnly("3");
            assertThat(recognisers.subList(switchAt, recognisers.size()))
                    .as(camera)
                    .containsOnly("4");
        }
    }

    private PipelineFixture reader() {
        PipelineFixture fixture =
                new PipelineFixture(KAFKA.bootstrapServers(), REGISTRY.url(), repository).setUp();
        PaddleOcrModels.importAll(new ModelRepository(repository));
        return fixture;
    }

    private static Configuration options(PipelineFixture fixture, String recogniser) {
        Configuration options = fixture.options("1");
        options.set(JobOptions.GUEST, "bundled:text-read");
        options.set(JobOptions.MODELS, Map.of("detector", "ppocr-det@4", "recogniser", recogniser));
        options.set(JobOptions.WATCHLIST, List.of(WATCHLIST.split(";")));
        options.set(JobOptions.WATCHLIST_MAX_EDITS, 1);
        return options;
    }

    /** Frames {@code from..to} of each camera, its plate where it stands, as JPEG. */
    private static void produce(PipelineFixture fixture, List<String> cameras, int from, int to)
            throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, Frame> producer = fixture.producer()) {
            for (int seq = from; seq <= to; seq++) {
                for (String camera : cameras) {
                    byte[] jpeg =
                            TextScene.render(
                                            WIDTH,
                                            HEIGHT,
                                            new Caption(PLATES.get(camera), 160, 300, 48))
                                    .encode("jpeg");
                    Frame frame = PipelineFixture.frame(camera, seq, FrameEncoding.JPEG, jpeg);
                    frame.setWidth(WIDTH);
                    frame.setHeight(HEIGHT);
                    sent.add(fixture.send(producer, frame));
                }
            }
        }
        for (Future<RecordMetadata> frame : sent) {
            frame.get();
        }
    }

    private static List<String> texts(Detection detection) {
        return detection.getBoxes().stream()
                .filter(box -> box.getText() != null)
                .map(box -> TextNormal.of(box.getText()))
                .toList();
    }

    private static String recogniserVersion(Detection detection) {
        return detection.getModels().stream()
                .filter(model -> model.getBinding().equals("recogniser"))
                .map(ModelBinding::getVersion)
                .findFirst()
                .orElseThrow();
    }
}

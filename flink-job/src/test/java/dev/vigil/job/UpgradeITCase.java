package dev.vigil.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.Detection;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model upgrade as a user does it: run with model version 1, stop with a savepoint, start from
 * it with version 2. Every frame's detection appears exactly once, each camera switches version at
 * one point, and the alert state carries over (a track begun before the switch alerts after it).
 */
class UpgradeITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    /** Alerting cameras: frames 1-2 before the switch, 3-6 after; the track alerts at frame 3. */
    private static final List<String> CAMERAS = List.of("cam-1", "cam-2", "cam-3");

    /** A camera whose frames 3-4 are produced just before the stop: in flight at the switch. */
    private static final List<String> BUSY = List.of("cam-busy");

    private static final int LAST = 6;

    @TempDir Path repository;
    @TempDir Path savepoints;

    @Test
    void stopWithSavepointAndRestartWithTheNewModelLosesAndRepeatsNothing() throws Exception {
        PipelineFixture fixture =
                new PipelineFixture(KAFKA.bootstrapServers(), REGISTRY.url(), repository).setUp();
        List<String> all = new ArrayList<>(CAMERAS);
        all.addAll(BUSY);

        JobClient v1 = fixture.start(fixture.options("1"), null, "upgrade-it-v1");
        fixture.produce(all, 1, 2);
        fixture.awaitDetections(all.size() * 2);
        fixture.produce(BUSY, 3, 4);
        String savepoint =
                v1.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);

        JobClient v2 = fixture.start(fixture.options("2"), savepoint, "upgrade-it-v2");
        fixture.produce(CAMERAS, 3, LAST);
        fixture.produce(BUSY, 5, LAST);
        List<Detection> detections = fixture.awaitDetections(all.size() * LAST);
        v2.cancel().get(60, TimeUnit.SECONDS);

        assertThat(detections).hasSize(all.size() * LAST);
        for (String camera : all) {
            List<Detection> own =
                    detections.stream().filter(d -> d.getSourceId().equals(camera)).toList();
            assertThat(own)
                    .extracting(Detection::getSequence)
                    .as(camera)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, LAST).boxed().toList());
            List<String> versions = own.stream().map(Detection::getModelVersion).toList();
            int switchAt = versions.indexOf("2");
            assertThat(switchAt).as("%s switches to version 2", camera).isPositive();
            assertThat(versions.subList(0, switchAt)).as(camera).containsOnly("1");
            assertThat(versions.subList(switchAt, versions.size())).as(camera).containsOnly("2");
        }
        List<Alert> alerts =
                fixture.read(
                        TopicCatalogue.ALERTS, Alert.class, all.size(), Duration.ofSeconds(20));
        for (String camera : CAMERAS) {
            assertThat(alerts)
                    .filteredOn(alert -> alert.getSourceId().equals(camera))
                    .as("%s's track began before the switch and alerted after it", camera)
                    .extracting(
                            Alert::getFirstSequence,
                            Alert::getLastSequence,
                            Alert::getModelName,
                            Alert::getModelVersion)
                    .containsOnly(
                            org.assertj.core.groups.Tuple.tuple(
                                    1L, 3L, "deterministic-detector", "2"));
        }
    }
}

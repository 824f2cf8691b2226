package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.stack.embedded.EmbeddedFlink;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.stack.embedded.Probes;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a cluster of two TaskManager processes, at parallelism 2 on frames of 8 cameras, is
 * rescaled 2 -> 3 -> 1 with {@code vigil job rescale} while frames are still in flight: every frame
 * has exactly one committed detection, and each camera's track, begun at frame 1 before both
 * rescales, alerts after them at frame {@link LossFixture#ALERT_FRAMES} with the id it began with,
 * so its keyed state followed its key to other subtasks twice.
 */
class RescaleITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    private static final List<String> CAMERAS =
            IntStream.rangeClosed(1, 8).mapToObj(i -> "cam-" + i).toList();

    @TempDir static Path work;
    private static EmbeddedFlink flink;

    @BeforeAll
    static void startCluster() {
        flink = EmbeddedFlink.builder().workDir(work.resolve("flink")).taskManagers(2).start();
    }

    @AfterAll
    static void stopCluster() {
        if (flink != null) {
            flink.close();
        }
    }

    @Test
    void keyedStateFollowsItsKeysThroughRescalesAndNoDetectionIsLostOrDoubled() throws Exception {
        assertThat(Probes.get(flink.restUrl() + "/overview"))
                .contains("\"taskmanagers\":2")
                .contains("\"slots-total\":4");
        LossFixture fixture =
                new LossFixture(KAFKA.bootstrapServers(), REGISTRY.url(), work, CAMERAS);
        String first =
                fixture.submit(
                        flink.restUrl(), List.of("--parallelism=2"), fixture.models().toString());
        FlinkRest rest = new FlinkRest(flink.restUrl());
        assertThat(rest.parallelism(first)).isEqualTo(2);

        fixture.produce(1, 2);
        assertThat(fixture.detections(CAMERAS.size() * 2)).hasSizeGreaterThanOrEqualTo(16);
        fixture.produce(3, 4); // in flight as the job stops
        String second = rescale(fixture, 3);
        assertThat(rest.parallelism(second)).isEqualTo(3);
        fixture.produce(5, 5);
        String third = rescale(fixture, 1);
        assertThat(rest.parallelism(third)).isEqualTo(1);
        fixture.produce(6, 8);

        LossFixture.assertExactlyOnce(fixture.detections(CAMERAS.size() * 8), 8, CAMERAS);
        LossFixture.assertAlertStateKept(fixture.alerts(), CAMERAS);
    }

    private String rescale(LossFixture fixture, int parallelism) {
        String out =
                CliRun.succeed(
                        "job",
                        "rescale",
                        "--flink-url=" + flink.restUrl(),
                        fixture.stateDir(),
                        "--parallelism=" + parallelism);
        assertThat(out).contains("runs at parallelism " + parallelism);
        // The first job id printed is the stopped one's: the new one follows "rescaled:".
        return CliRun.jobId(out.substring(out.indexOf("rescaled:")));
    }
}

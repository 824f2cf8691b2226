package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.stack.embedded.EmbeddedFlink;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.stack.embedded.Probes;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TaskManager running the job is killed ({@code kill -9}) mid-stream and a replacement is
 * started: the same job runs again on it from its last checkpoint, by itself, and every frame has
 * exactly one committed detection.
 */
class TaskManagerLossITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    @TempDir static Path work;
    private static EmbeddedFlink flink;

    @BeforeAll
    static void startCluster() {
        flink = EmbeddedFlink.builder().workDir(work.resolve("flink")).start();
    }

    @AfterAll
    static void stopCluster() {
        if (flink != null) {
            flink.close();
        }
    }

    @Test
    void aReplacementTaskManagerRunsTheJobOnAndNoDetectionIsLostOrDoubled() throws Exception {
        LossFixture fixture = new LossFixture(KAFKA.bootstrapServers(), REGISTRY.url(), work);
        String jobId = fixture.submit(flink.restUrl());
        int cameras = LossFixture.CAMERAS.size();

        fixture.produce(1, 4);
        assertThat(fixture.detections(cameras)).hasSizeGreaterThanOrEqualTo(cameras);
        // More frames in flight as it dies: processed but not yet committed, or not yet read.
        fixture.produce(5, 8);
        flink.killTaskManager();
        flink.startTaskManager();
        fixture.produce(9, 12);

        LossFixture.awaitRunning(flink.restUrl(), jobId, Duration.ofMinutes(2));
        LossFixture.assertExactlyOnce(fixture.detections(cameras * 12), 12);
        assertThat(Probes.get(flink.restUrl() + "/overview")).contains("\"taskmanagers\":1");
        assertThat(CliRun.succeed("job", "status", "--flink-url=" + flink.restUrl()))
                .contains(jobId + "  RUNNING");
    }
}

package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.stack.embedded.EmbeddedFlink;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.stack.embedded.EmbeddedZooKeeper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JobManager of a cluster with ZooKeeper high availability (as the local stack runs it) is
 * killed ({@code kill -9}) mid-stream and started again: it recovers the job by itself from
 * ZooKeeper and the last checkpoint, the TaskManager finds it there, the alert state is kept, and
 * every frame has exactly one committed detection; and a cluster stopped politely (as {@code vigil
 * stack down} does) and started again recovers it too. Without high availability this fails: the
 * restarted JobManager has no job (see {@link JobResumeITCase}).
 */
class JobManagerLossITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    @TempDir static Path work;
    private static EmbeddedZooKeeper zooKeeper;
    private static EmbeddedFlink flink;

    @BeforeAll
    static void startCluster() {
        zooKeeper = EmbeddedZooKeeper.builder().workDir(work.resolve("zookeeper")).start();
        flink = builder().start();
    }

    @AfterAll
    static void stopCluster() {
        try {
            if (flink != null) {
                flink.close();
            }
        } finally {
            if (zooKeeper != null) {
                zooKeeper.close();
            }
        }
    }

    @Test
    void aRestartedJobManagerRecoversTheJobWithItsAlertStateAndNoDetectionIsLostOrDoubled()
            throws Exception {
        LossFixture fixture = new LossFixture(KAFKA.bootstrapServers(), REGISTRY.url(), work);
        String jobId = fixture.submit(flink.restUrl());
        int cameras = LossFixture.CAMERAS.size();

        // Each camera's track has lasted 3 of the 6 frames it needs to alert, in a checkpoint.
        fixture.produce(1, 3);
        assertThat(fixture.detections(cameras * 3)).hasSize(cameras * 3);
        flink.killJobManager();
        fixture.produce(4, 5);
        flink.startJobManager();

        LossFixture.awaitRunning(flink.restUrl(), jobId, Duration.ofMinutes(2));
        fixture.produce(6, 8);
        LossFixture.assertExactlyOnce(fixture.detections(cameras * 8), 8);
        LossFixture.assertAlertStateKept(fixture.alerts());

        // 'vigil stack down' and 'up': SIGTERM suspends the job, a new cluster recovers it.
        flink.close();
        flink = builder().start();
        LossFixture.awaitRunning(flink.restUrl(), jobId, Duration.ofMinutes(2));
        fixture.produce(9, 10);
        LossFixture.assertExactlyOnce(fixture.detections(cameras * 10), 10);
    }

    private static EmbeddedFlink.Builder builder() {
        return EmbeddedFlink.builder()
                .workDir(work.resolve("flink"))
                .zooKeeper(zooKeeper.connectString());
    }
}

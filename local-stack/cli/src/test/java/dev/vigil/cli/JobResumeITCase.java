package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.stack.embedded.EmbeddedFlink;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster without high availability loses its job with its JobManager ({@code kill -9}, then
 * started again: it has no jobs); {@code vigil job resume} runs the recorded jar and options from
 * the job's latest retained checkpoint, with its alert state, and every frame has exactly one
 * committed detection.
 */
class JobResumeITCase {
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
    void resumesALostJobFromItsLatestRetainedCheckpoint() throws Exception {
        LossFixture fixture = new LossFixture(KAFKA.bootstrapServers(), REGISTRY.url(), work);
        String cluster = "--flink-url=" + flink.restUrl();
        String jobId = fixture.submit(flink.restUrl());
        int cameras = LossFixture.CAMERAS.size();

        fixture.produce(1, 3);
        assertThat(fixture.detections(cameras * 3)).hasSize(cameras * 3);
        flink.killJobManager();
        // The headless TaskManager may still process these, in transactions nobody commits.
        fixture.produce(4, 5);
        flink.startJobManager();
        assertThat(CliRun.succeed("job", "status", cluster)).contains("No jobs");

        String resumed = CliRun.succeed("job", "resume", cluster, fixture.stateDir());
        assertThat(resumed)
                .containsPattern("resumed job " + jobId + " as job [0-9a-f]{32} from file:.*/chk-");
        String next = resumed.replaceAll("(?s).* as job ([0-9a-f]{32}) .*", "$1");
        assertThat(CliRun.fail("job", "resume", cluster, fixture.stateDir()))
                .contains("Job " + next + " is RUNNING")
                .contains("nothing to resume");

        LossFixture.awaitRunning(flink.restUrl(), next, Duration.ofMinutes(2));
        fixture.produce(6, 8);
        LossFixture.assertExactlyOnce(fixture.detections(cameras * 8), 8);
        LossFixture.assertAlertStateKept(fixture.alerts());
    }
}

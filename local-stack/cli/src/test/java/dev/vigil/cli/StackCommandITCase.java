package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.stack.embedded.FreePorts;
import dev.vigil.stack.embedded.Probes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil stack up}, a second {@code up}, {@code status} and {@code down}, as a user runs
 * them.
 */
class StackCommandITCase {
    @Test
    void startsThePartsReportsThemAndLeavesNoProcessBehind(@TempDir Path dir) {
        int metricsPort = freePortPair();
        String[] up = {
            "stack",
            "up",
            "--dir=" + dir,
            "--zookeeper-port=" + FreePorts.next(),
            "--kafka-port=" + FreePorts.next(),
            "--registry-port=" + FreePorts.next(),
            "--flink-port=" + FreePorts.next(),
            "--metrics-port=" + metricsPort
        };
        List<LocalStack.Part> parts;
        try {
            String started = CliRun.succeed(up);
            assertThat(started)
                    .contains("zookeeper")
                    .contains("kafka")
                    .contains("registry")
                    .contains("flink")
                    .doesNotContain("stopped");
            parts = LocalStack.read(dir).parts();
            assertThat(parts).hasSize(4).allMatch(LocalStack.Part::alive);
            String flinkUrl = parts.get(3).url();
            assertThat(Probes.get(flinkUrl + "/overview")).contains("\"slots-total\":2");

            assertThat(CliRun.succeed(up)).contains("The stack already runs:");
            // Flink's Prometheus endpoints, one per process, printed with the parts.
            String metrics = "http://127.0.0.1:" + metricsPort + "/metrics";
            assertThat(CliRun.succeed("stack", "status", "--dir=" + dir))
                    .contains("running")
                    .contains(metrics + " (JobManager)");
            assertThat(scrape(metrics)).contains("flink_jobmanager_");
            assertThat(scrape("http://127.0.0.1:" + (metricsPort + 1) + "/metrics"))
                    .contains("flink_taskmanager_");
        } finally {
            CliRun.succeed("stack", "down", "--dir=" + dir);
        }
        assertThat(parts)
                .allSatisfy(
                        part ->
                                assertThat(part.alive())
                                        .as("%s after down", part.name())
                                        .isFalse());
        assertThat(CliRun.succeed("stack", "status", "--dir=" + dir)).contains("No stack in");
    }

    /** A free port whose next one is free too: the stack puts the TaskManager's metrics there. */
    private static int freePortPair() {
        while (true) {
            int port = FreePorts.next();
            try (ServerSocket next =
                    new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another pair
            }
        }
    }

    /**
     * The endpoint's page, waiting for it: a reporter's first page on a cold, busy machine may take
     * longer than one probe's read timeout.
     */
    private static String scrape(String url) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String page = Probes.get(url);
        while (page == null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            page = Probes.get(url);
        }
        return page;
    }
}

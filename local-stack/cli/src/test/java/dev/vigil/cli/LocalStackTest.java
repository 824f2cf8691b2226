package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the stack tells its own processes from others that took their pids or their ports. */
class LocalStackTest {
    @Test
    void aPartIsOnlyItsOwnProcessesAndDownSignalsNoOther() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try (ServerSocket port = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + port.getLocalPort() + "/api";
            // The recorded process exited and its pid now names another one: not ours.
            LocalStack.Part replaced =
                    new LocalStack.Part(
                            "registry", url, List.of(other.pid()), List.of(Instant.EPOCH));
            assertThat(replaced.ours()).isEmpty();
            assertThat(replaced.line()).contains("running (not started by this stack)");
            replaced.stop();
            assertThat(other.isAlive()).as("a process 'up' did not start").isTrue();

            LocalStack.Part started = LocalStack.Part.of("registry", url, List.of(other.pid()));
            assertThat(started.line()).contains("registry  running ");
            port.close();
            assertThat(
                            new LocalStack.Part(
                                            "kafka",
                                            "127.0.0.1:" + port.getLocalPort(),
                                            List.of(other.pid()),
                                            List.of())
                                    .state())
                    .as("no start time recorded, nothing on the port")
                    .isEqualTo("stopped");
            started.stop();
            assertThat(other.waitFor()).as("stopped by SIGTERM").isEqualTo(143);
        } finally {
            other.destroyForcibly();
        }
    }
}

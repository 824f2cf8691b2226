package dev.vigil.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedFlinkITCase {
    @Test
    void startsASessionClusterWithItsSlotsAndWebUiAndStopsBothProcesses(@TempDir Path dir) {
        List<Long> pids;
        try (EmbeddedFlink flink = EmbeddedFlink.builder().workDir(dir).slots(2).start()) {
            pids = flink.pids();
            String overview = Probes.get(flink.restUrl() + "/overview");
            assertThat(overview).contains("\"taskmanagers\":1").contains("\"slots-total\":2");
            // The web UI is served from flink-runtime-web on the JobManager's class path.
            assertThat(Probes.get(flink.restUrl() + "/index.html")).contains("<html");
            assertThat(dir.resolve("jobmanager.log")).isNotEmptyFile();
            // The TaskManager runs Wasm guests: the Vector API for their letterbox kernel. Flink
            // logs its JVM options one per line (ProcessHandle has none for so long a command).
            assertThat(dir.resolve("taskmanager.log"))
                    .content()
                    .containsPattern("(?m) - +--add-modules=jdk\\.incubator\\.vector$");
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                    .as("process %d", pid)
                    .isNotEqualTo(Optional.of(true));
        }
    }
}

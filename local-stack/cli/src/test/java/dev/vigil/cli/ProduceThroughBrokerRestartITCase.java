package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.stack.embedded.EmbeddedFlink;
import dev.vigil.stack.embedded.EmbeddedKafka;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil produce} while the broker is killed with {@code kill -9} and started again: the
 * producer rides through, no frame is missing from or doubled in {@code frames}, and the job, which
 * fails with the broker and restarts from its checkpoint, gives each frame exactly one committed
 * detection and runs again.
 */
class ProduceThroughBrokerRestartITCase {
    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    private static final String PREFIX = "restart-it.";
    private static final int CAMERAS = 2;
    private static final int FRAMES_PER_CAMERA = 48; // 24 s at 2 fps

    @TempDir static Path work;

    /** A broker of its own, not the run's shared one: this test kills it. */
    private static EmbeddedKafka kafka;

    private static EmbeddedFlink flink;

    @BeforeAll
    static void startStack() {
        kafka = EmbeddedKafka.builder().workDir(work.resolve("kafka")).start();
        flink = EmbeddedFlink.builder().workDir(work.resolve("flink")).start();
    }

    @AfterAll
    static void stopStack() {
        if (flink != null) {
            flink.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void losesAndDoublesNoFrameWhenTheBrokerIsKilledAndRestarted() throws Exception {
        String bootstrap = "--bootstrap-servers=" + kafka.bootstrapServers();
        String registry = "--registry-url=" + REGISTRY.url();
        String prefix = "--prefix=" + PREFIX;
        String cluster = "--flink-url=" + flink.restUrl();
        CliRun.succeed("topics", "apply", bootstrap, prefix);
        String job = submitJob(cluster);

        CompletableFuture<CliRun.Result> producing =
                CompletableFuture.supplyAsync(
                        () ->
                                CliRun.run(
                                        "produce",
                                        bootstrap,
                                        registry,
                                        prefix,
                                        "--cameras=" + CAMERAS,
                                        "--size=320x240",
                                        "--fps=2",
                                        "--duration=24s"));
        Thread.sleep(6_000);
        kafka.kill();
        Thread.sleep(15_000);
        kafka.restart();

        CliRun.Result produced = producing.get(3, TimeUnit.MINUTES);
        assertThat(produced.exit()).as("%s%n%s", produced.out(), produced.err()).isZero();
        assertThat(produced.out())
                .contains("produced " + CAMERAS * FRAMES_PER_CAMERA + " frames to 'restart-it.");
        assertThat(produced.err())
                .contains("has acknowledged no frame for")
                .contains("acknowledges frames again after");

        Set<FrameKey> expected = new HashSet<>();
        for (int camera = 1; camera <= CAMERAS; camera++) {
            for (long sequence = 0; sequence < FRAMES_PER_CAMERA; sequence++) {
                expected.add(new FrameKey("yard/cam-" + camera, sequence));
            }
        }
        Tally tally = readUntil(expected.size(), Duration.ofMinutes(2));
        assertThat(tally.frames.keySet()).as("frames").isEqualTo(expected);
        assertThat(tally.frames)
                .as("frames written twice")
                .allSatisfy((k, n) -> assertThat(n).isOne());
        assertThat(tally.detections.keySet()).as("frames with a detection").isEqualTo(expected);
        assertThat(tally.detections)
                .as("frames detected twice")
                .allSatisfy((k, n) -> assertThat(n).isOne());
        assertThat(CliRun.succeed("job", "status", cluster)).contains(job).contains("RUNNING");
    }

    private String submitJob(String cluster) {
        Path repository = work.resolve("models");
        DeterministicDetector.build().importInto(new ModelRepository(repository), "1");
        String submitted =
                CliRun.succeed(
                        DetectorJob.submit(
                                List.of(cluster, "--jar=" + System.getProperty("vigil.job-jar")),
                                DetectorJob.args(
                                        kafka.bootstrapServers(),
                                        REGISTRY.url(),
                                        PREFIX,
                                        repository,
                                        "--execution.checkpointing.interval",
                                        "500 ms")));
        return CliRun.jobId(submitted);
    }

    /** How often each frame is in {@code frames}, and how often it has a committed detection. */
    private static final class Tally implements OutputReader.Listener {
        final Map<FrameKey, Integer> frames = new ConcurrentHashMap<>();
        final Map<FrameKey, Integer> detections = new ConcurrentHashMap<>();

        @Override
        public void frame(Frame frame) {
            frames.merge(FrameKey.of(frame.getSourceId(), frame.getSequence()), 1, Integer::sum);
        }

        @Override
        public void detection(Detection detection) {
            detections.merge(
                    FrameKey.of(detection.getSourceId(), detection.getSequence()), 1, Integer::sum);
        }
    }

    /**
     * Reads {@code frames} and the detections (read_committed) from the beginning until each holds
     * {@code count} records and a few more seconds bring nothing more, or until the timeout.
     */
    private static Tally readUntil(int count, Duration timeout) {
        Tally tally = new Tally();
        KafkaEndpoint endpoint =
                new KafkaEndpoint(kafka.bootstrapServers(), REGISTRY.url(), PREFIX);
        try (OutputReader reader = OutputReader.open(endpoint, true, true)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            int quiet = 0;
            while (System.nanoTime() < deadline && quiet < 6) {
                int before = total(tally);
                reader.poll(Duration.ofMillis(500), tally);
                boolean complete = tally.frames.size() >= count && tally.detections.size() >= count;
                quiet = complete && total(tally) == before ? quiet + 1 : 0;
            }
        }
        return tally;
    }

    private static int total(Tally tally) {
        return tally.frames.values().stream().mapToInt(Integer::intValue).sum()
                + tally.detections.values().stream().mapToInt(Integer::intValue).sum();
    }
}

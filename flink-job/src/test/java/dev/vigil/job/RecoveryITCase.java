package dev.vigil.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.job.inference.FrameInference;
import dev.vigil.job.inference.FrameOutcome;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure injected mid-stream: the task fails, Flink restarts it from the last checkpoint, and a
 * read_committed reader still sees every frame's detection exactly once, in order per camera.
 */
class RecoveryITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    private static final List<String> CAMERAS = List.of("cam-1", "cam-2", "cam-3");
    private static final int FRAMES_PER_CAMERA = 12;

    @TempDir Path repository;

    @Test
    void aTaskFailureMidStreamLosesAndDuplicatesNoDetection() throws Exception {
        PipelineFixture fixture =
                new PipelineFixture(KAFKA.bootstrapServers(), REGISTRY.url(), repository).setUp();
        fixture.produce(CAMERAS, 1, FRAMES_PER_CAMERA);
        Configuration options = fixture.options("1");
        options.set(JobOptions.BOUNDED, true);

        Configuration cluster = new Configuration();
        cluster.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        cluster.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        cluster.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        env.setParallelism(2);
        env.enableCheckpointing(200);
        FailOnce.FAILED.set(false);
        VigilPipeline.build(env, options, new FailOnce(new WasmInferenceFactory(options)));
        env.execute("recovery-it");

        assertThat(FailOnce.FAILED).as("the failure was injected").isTrue();
        int expected = CAMERAS.size() * FRAMES_PER_CAMERA;
        List<Detection> detections =
                fixture.read(
                        TopicCatalogue.DETECTIONS,
                        Detection.class,
                        expected,
                        Duration.ofSeconds(20));
        assertThat(detections).hasSize(expected);
        for (String camera : CAMERAS) {
            assertThat(PipelineFixture.sequencesBySource(detections).get(camera))
                    .as(camera)
                    .containsExactlyElementsOf(
                            java.util.stream.LongStream.rangeClosed(1, FRAMES_PER_CAMERA)
                                    .boxed()
                                    .toList());
        }
        // Alerts are at least once: a replay may repeat one, always with the same id.
        List<Alert> alerts =
                fixture.read(TopicCatalogue.ALERTS, Alert.class, 3, Duration.ofSeconds(20));
        assertThat(alerts.stream().map(Alert::getAlertId).distinct()).hasSize(CAMERAS.size());
    }

    /** Slows every batch down and fails the task once, for a reason other than its input. */
    private static final class FailOnce implements FrameInference.Factory {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private final FrameInference.Factory delegate;

        FailOnce(FrameInference.Factory delegate) {
            this.delegate = delegate;
        }

        @Override
        public FrameInference create(int subtask, List<Integer> gpuIndexes) {
            FrameInference real = delegate.create(subtask, gpuIndexes);
            return new FrameInference() {
                @Override
                public List<FrameOutcome> infer(List<Frame> frames) {
                    try {
                        Thread.sleep(100); // spread the input over several checkpoints
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    boolean poisoned =
                            frames.stream()
                                    .anyMatch(
                                            f ->
                                                    f.getSourceId().equals("cam-2")
                                                            && f.getSequence() == 7);
                    if (poisoned && FAILED.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure");
                    }
                    return real.infer(frames);
                }

                @Override
                public String provider() {
                    return real.provider();
                }

                @Override
                public void close() throws Exception {
                    real.close();
                }
            };
        }
    }
}

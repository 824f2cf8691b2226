package dev.vigil.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.job.alert.AlertRule;
import dev.vigil.job.alert.Watchlist;
import dev.vigil.job.inference.BatchPolicy;
import dev.vigil.job.inference.Batching;
import dev.vigil.schemas.serde.SerdeSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class JobOptionsTest {
    @Test
    void readsTheOptionsAsFlinkRunPassesThem() {
        Configuration options =
                VigilJob.options(
                        new String[] {
                            "--vigil.models", "detector:ppocr-det@4,recognizer:ppocr-rec@3",
                            "--vigil.batch.max-delay", "25 ms",
                            "--vigil.alert.labels", "text;person",
                            "--vigil.alert.min-frames", "5"
                        });

        assertThat(options.get(JobOptions.MODELS))
                .isEqualTo(Map.of("detector", "ppocr-det@4", "recognizer", "ppocr-rec@3"));
        assertThat(JobOptions.batching(options).maxDelay()).isEqualTo(Duration.ofMillis(25));
        AlertRule rule = JobOptions.alertRule(options);
        assertThat(rule.labels()).isEqualTo(Set.of("text", "person"));
        assertThat(rule.minFrames()).isEqualTo(5);
    }

    @Test
    void batchingIsFixedUnlessTheAdaptivePolicyIsChosen() {
        Batching defaults = JobOptions.batching(VigilJob.options(new String[0]));
        assertThat(defaults.policy()).isEqualTo(BatchPolicy.FIXED);
        assertThat(defaults.latencyBudget()).isEqualTo(Duration.ofMillis(100));

        Batching adaptive =
                JobOptions.batching(
                        VigilJob.options(
                                new String[] {
                                    "--vigil.batch.policy", "ADAPTIVE",
                                    "--vigil.batch.latency-budget", "40 ms"
                                }));
        assertThat(adaptive.policy()).isEqualTo(BatchPolicy.ADAPTIVE);
        assertThat(adaptive.latencyBudget()).isEqualTo(Duration.ofMillis(40));
        assertThatThrownBy(
                        () ->
                                JobOptions.batching(
                                        VigilJob.options(
                                                new String[] {
                                                    "--vigil.batch.latency-budget", "0 ms"
                                                })))
                .hasMessageContaining("latencyBudget must be positive");
    }

    @Test
    void theNetworkBufferTimeoutIsVigilsUnlessGiven() {
        assertThat(VigilJob.options(new String[0]).get(JobOptions.BUFFER_TIMEOUT))
                .isEqualTo(Duration.ofMillis(10));
        assertThat(
                        VigilJob.options(new String[] {"--execution.buffer-timeout", "100 ms"})
                                .get(JobOptions.BUFFER_TIMEOUT))
                .isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void onnxRuntimesSpinningIsOffUnlessTheJobTurnsItOn() {
        Configuration spinning =
                VigilJob.options(new String[] {"--vigil.onnx.allow-spinning", "true"});

        assertThat(JobOptions.models(new Configuration()).allowSpinning()).isFalse();
        assertThat(JobOptions.models(spinning).allowSpinning()).isTrue();
    }

    @Test
    void onnxRuntimesPoolTakesEveryCoreUnlessTheJobSaysHowMany() {
        Configuration two = VigilJob.options(new String[] {"--vigil.onnx.intra-op-threads", "2"});

        assertThat(JobOptions.models(new Configuration()).intraOpThreads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(JobOptions.models(two).intraOpThreads()).isEqualTo(2);
        assertThatThrownBy(
                        () ->
                                JobOptions.models(
                                        VigilJob.options(
                                                new String[] {
                                                    "--vigil.onnx.intra-op-threads", "-1"
                                                })))
                .hasMessageContaining("intraOpThreads must be 0 (auto) or more");
    }

    @Test
    void theWatchlistTakesCommasOrSemicolonsAndItsEditLimit() {
        Configuration options =
                VigilJob.options(
                        new String[] {
                            "--vigil.watchlist", "AB123CD, KX-4721;zz 99",
                            "--vigil.watchlist.max-edits", "1"
                        });

        Watchlist watchlist = JobOptions.watchlist(options);
        assertThat(watchlist.match("kx 4721")).contains("KX-4721");
        assertThat(watchlist.match("ZZ9")).contains("zz 99");
        assertThat(watchlist.match("AB123CO")).contains("AB123CD");
        assertThat(JobOptions.watchlist(VigilJob.options(new String[0])).match("AB123CD"))
                .as("off by default")
                .isEmpty();
    }

    @Test
    void theProducersCompressAsTheOutputTopicsDo() {
        assertThat(VigilPipeline.outputCompression(VigilJob.options(new String[0])))
                .isEqualTo("zstd");
        assertThat(
                        VigilPipeline.outputCompression(
                                VigilJob.options(
                                        new String[] {"--vigil.kafka.output-compression", "gzip"})))
                .isEqualTo("gzip");
        assertThat(
                        VigilPipeline.outputCompression(
                                VigilJob.options(
                                        new String[] {
                                            "--vigil.kafka.output-compression", "uncompressed"
                                        })))
                .isEqualTo("none");
        assertThatThrownBy(
                        () ->
                                VigilPipeline.outputCompression(
                                        VigilJob.options(
                                                new String[] {
                                                    "--vigil.kafka.output-compression", "brotli"
                                                })))
                .hasMessageContaining("vigil.kafka.output-compression is 'brotli'");
    }

    @Test
    void defaultsRunTheTextDetectorOnOneLaptop() {
        Configuration options = VigilJob.options(new String[0]);

        assertThat(options.get(JobOptions.GUEST)).isEqualTo("bundled:text-detect");
        assertThat(options.get(JobOptions.MODELS)).containsEntry("detector", "ppocr-det@4");
        assertThat(options.get(JobOptions.BOOTSTRAP_SERVERS)).isEqualTo("localhost:9092");
        // The local stack's registry (vigil stack up, StackDefaultsTest), not Flink's port 8081.
        assertThat(options.get(JobOptions.REGISTRY_URL))
                .isEqualTo(SerdeSettings.LOCAL_REGISTRY_URL)
                .isEqualTo("http://127.0.0.1:8085/apis/ccompat/v7");
        assertThat(JobOptions.batching(options).maxInFlight()).isEqualTo(2);
        assertThat(JobOptions.alertRule(options).labels()).isEmpty();
    }
}

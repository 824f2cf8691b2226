package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.serde.ConfluentAvroSerializer;
import dev.vigil.schemas.serde.SerdeSettings;
import dev.vigil.stack.embedded.EmbeddedFlink;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.topics.TopicCatalogue;
import dev.vigil.topics.TopicProvisioner;
import dev.vigil.topics.TopicSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard in {@code local-stack/grafana} against a running job: Flink's Prometheus
 * reporter on the embedded session cluster serves, from the JobManager's and the TaskManager's
 * port, every metric that a panel's PromQL names. A panel naming a metric that no process exports
 * fails here, not on an operator's screen.
 */
class MetricsDashboardITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    private static final Path DASHBOARD = Path.of("../grafana/vigil-dashboard.json");

    /** Every metric of the job and the cluster starts so; PromQL's functions and labels do not. */
    private static final Pattern METRIC = Pattern.compile("\\bflink_[A-Za-z0-9_:]+");

    private static final String PREFIX = "metrics-it.";

    @TempDir Path work;

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws Exception {
        Set<String> queried = queriedMetrics();
        assertThat(queried).hasSizeGreaterThanOrEqualTo(10);
        Path repository = work.resolve("models");
        DeterministicDetector.build().importInto(new ModelRepository(repository), "1");
        try (TopicProvisioner topics =
                TopicProvisioner.connect(
                        TopicSettings.builder()
                                .bootstrapServers(KAFKA.bootstrapServers())
                                .prefix(PREFIX)
                                .build())) {
            topics.apply();
        }
        try (EmbeddedFlink flink = EmbeddedFlink.builder().workDir(work.resolve("flink")).start()) {
            String job =
                    CliRun.jobId(
                            CliRun.succeed(
                                    DetectorJob.submit(
                                            List.of(
                                                    "--flink-url=" + flink.restUrl(),
                                                    "--state-dir=" + work.resolve("state"),
                                                    "--jar=" + System.getProperty("vigil.job-jar")),
                                            DetectorJob.args(
                                                    KAFKA.bootstrapServers(),
                                                    REGISTRY.url(),
                                                    PREFIX,
                                                    repository,
                                                    "--execution.checkpointing.interval",
                                                    "500 ms"))));
            // Frames, and a dead letter of each kind the panel counts (decode and inference).
            produce();

            Set<String> missing = new TreeSet<>(queried);
            Set<String> exported = new TreeSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                for (String url : flink.metricsUrls()) {
                    exported.addAll(scrape(url));
                }
                missing.removeAll(exported);
                Thread.sleep(1000);
            }
            assertThat(missing)
                    .as(
                            "metrics the dashboard queries that %s do not export (they export %s)",
                            flink.metricsUrls(), exported)
                    .isEmpty();
            CliRun.succeed("job", "stop", "--flink-url=" + flink.restUrl(), "--job=" + job);
        }
    }

    /** The metric names in every query of every panel; each query must name one. */
    private static Set<String> queriedMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                Matcher metric = METRIC.matcher(target.path("expr").asText());
                assertThat(metric.find())
                        .as("a metric in '%s' of %s", target.path("expr"), panel.path("title"))
                        .isTrue();
                do {
                    names.add(metric.group());
                } while (metric.find());
            }
        }
        return names;
    }

    /** The sample names a Prometheus endpoint serves now. */
    private static Set<String> scrape(String url) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url)).build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        for (String line : response.body().lines().toList()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static void produce() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        SerdeSettings serde = SerdeSettings.builder().registryUrl(REGISTRY.url()).build();
        String topic = PREFIX + TopicCatalogue.FRAMES;
        try (KafkaProducer<String, Frame> frames =
                        new KafkaProducer<>(
                                config,
                                new StringSerializer(),
                                new ConfluentAvroSerializer<>(Frame.class, serde));
                KafkaProducer<String, byte[]> raw =
                        new KafkaProducer<>(
                                config, new StringSerializer(), new ByteArraySerializer())) {
            SyntheticCamera camera = new SyntheticCamera("cam-m", 320, 240);
            for (long seq = 1; seq <= 6; seq++) {
                frames.send(
                        new ProducerRecord<>(
                                topic,
                                "cam-m",
                                camera.frame(seq, Instant.ofEpochSecond(1_700_000_000L + seq))));
            }
            Frame corrupt = camera.frame(7, Instant.ofEpochSecond(1_700_000_007L));
            corrupt.setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            frames.send(new ProducerRecord<>(topic, "cam-m", corrupt));
            raw.send(
                    new ProducerRecord<>(
                            topic, "cam-x", "not a frame".getBytes(StandardCharsets.UTF_8)));
        }
    }
}

package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.serde.ConfluentAvroDeserializer;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil job submit}, {@code upgrade} and {@code stop} against a real Flink session cluster
 * (Flink's own JobManager and TaskManager processes), with the job jar as users build it.
 */
class JobCommandITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    private static final List<String> CAMERAS = List.of("cam-1", "cam-2");

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
    void submitsUpgradesThroughASavepointAndStopsTheJob() throws Exception {
        // Runs at the cluster's default parallelism, 2: both slots.
        Path repository = work.resolve("models");
        DeterministicDetector.build().importInto(new ModelRepository(repository), "1");
        DeterministicDetector.build().importInto(new ModelRepository(repository), "2");
        String prefix = "job-it.";
        try (TopicProvisioner topics =
                TopicProvisioner.connect(
                        TopicSettings.builder()
                                .bootstrapServers(KAFKA.bootstrapServers())
                                .prefix(prefix)
                                .build())) {
            topics.apply();
        }
        String jar = System.getProperty("vigil.job-jar");
        String cluster = "--flink-url=" + flink.restUrl();
        String state = "--state-dir=" + work.resolve("state");

        String submitted =
                CliRun.succeed(
                        DetectorJob.submit(
                                List.of(cluster, "--jar=" + jar),
                                DetectorJob.args(
                                        KAFKA.bootstrapServers(),
                                        REGISTRY.url(),
                                        prefix,
                                        repository,
                                        "--execution.checkpointing.interval",
                                        "500 ms")));
        String v1 = CliRun.jobId(submitted);
        assertThat(CliRun.succeed("job", "status", cluster)).contains(v1).contains("RUNNING");
        // The cluster's parallelism.default (2, one per slot), not the REST jar run's 1; the
        // sources topic's reader alone runs at 1 (it broadcasts every config to every subtask).
        Map<String, String> parallelism = new TreeMap<>();
        for (JsonNode vertex : rest("/jobs/" + v1).path("vertices")) {
            parallelism.put(vertex.path("name").asText(), vertex.path("parallelism").asText());
        }
        assertThat(parallelism)
                .allSatisfy(
                        (name, tasks) ->
                                assertThat(tasks)
                                        .as(name)
                                        .isEqualTo(name.startsWith("Source: sources") ? "1" : "2"));

        produce(prefix, 1, 3);
        assertThat(awaitDetections(prefix, CAMERAS.size() * 3)).hasSize(CAMERAS.size() * 3);
        assertThat(awaitRecordsSent(v1, "inference"))
                .as("records the inference vertex sent on (to the alert tracker)")
                .isGreaterThanOrEqualTo(CAMERAS.size() * 3);

        String upgraded =
                CliRun.succeed(
                        "job",
                        "upgrade",
                        cluster,
                        "--job=" + v1,
                        "--jar=" + jar,
                        "--model=detector=" + DeterministicDetector.NAME + "@2");
        assertThat(upgraded).contains("stopped job " + v1 + " with savepoint");
        String v2 = CliRun.jobId(upgraded.substring(upgraded.indexOf("upgraded")));
        produce(prefix, 4, 6);

        List<Detection> detections = awaitDetections(prefix, CAMERAS.size() * 6);
        assertThat(detections).hasSize(CAMERAS.size() * 6);
        for (String camera : CAMERAS) {
            assertThat(detections.stream().filter(d -> d.getSourceId().equals(camera)))
                    .extracting(d -> d.getSequence() + "@" + d.getModelVersion())
                    .as(camera)
                    .containsExactly("1@1", "2@1", "3@1", "4@2", "5@2", "6@2");
        }

        assertThat(CliRun.succeed("job", "stop", cluster, "--job=" + v2))
                .contains("stopped job " + v2 + " with savepoint");
        assertThat(CliRun.succeed("job", "status", cluster)).doesNotContain(v2 + "  RUNNING");
    }

    /**
     * {@code docs/UPGRADES.md} by hand with Flink's own CLI ({@code vigil flink}): list the job,
     * stop it with a savepoint, run the jar again from it, detached; and {@code vigil tail} reading
     * the detections, committed ones only, as a downstream consumer does.
     */
    @Test
    void flinksOwnCliUpgradesThroughASavepointAndTailReadsTheDetections() throws Exception {
        Path repository = work.resolve("models-flink-cli");
        DeterministicDetector.build().importInto(new ModelRepository(repository), "1");
        String prefix = "flink-cli-it.";
        try (TopicProvisioner topics =
                TopicProvisioner.connect(
                        TopicSettings.builder()
                                .bootstrapServers(KAFKA.bootstrapServers())
                                .prefix(prefix)
                                .build())) {
            topics.apply();
        }
        String jar = System.getProperty("vigil.job-jar");
        List<String> jobArgs =
                DetectorJob.args(
                        KAFKA.bootstrapServers(),
                        REGISTRY.url(),
                        prefix,
                        repository,
                        "--execution.checkpointing.interval",
                        "500 ms");
        String v1 =
                CliRun.jobId(
                        CliRun.succeed(
                                DetectorJob.submit(
                                        List.of(
                                                "--flink-url=" + flink.restUrl(),
                                                "--state-dir=" + work.resolve("state"),
                                                "--jar=" + jar),
                                        jobArgs)));
        String[] flinkCli = {
            "flink", "--flink-url=" + flink.restUrl(), "--work-dir=" + work.resolve("flink-cli")
        };
        assertThat(CliRun.succeed(concat(flinkCli, "list"))).contains(v1 + " : vigil-inference");

        produce(prefix, 1, 3);
        awaitDetections(prefix, CAMERAS.size() * 3);
        String[] endpoint = {
            "--bootstrap-servers=" + KAFKA.bootstrapServers(),
            "--registry-url=" + REGISTRY.url(),
            "--prefix=" + prefix
        };
        String tailed =
                CliRun.succeed(
                        concat(
                                concat(new String[] {"tail", "detections"}, endpoint),
                                "--from-beginning",
                                "--max=" + CAMERAS.size() * 3));
        assertThat(tailed.lines())
                .hasSize(CAMERAS.size() * 3)
                .allMatch(line -> line.startsWith("{\"sourceId\":\"cam-"));

        String stopped =
                CliRun.succeed(
                        concat(
                                flinkCli,
                                "stop",
                                "--savepointPath",
                                work.resolve("cli-savepoints").toUri().toString(),
                                v1));
        Matcher savepoint = Pattern.compile("Savepoint completed\\. Path: (\\S+)").matcher(stopped);
        assertThat(savepoint.find()).as(stopped).isTrue();
        List<String> run = new ArrayList<>(List.of("run", "-d", "-s", savepoint.group(1), jar));
        run.addAll(jobArgs);
        String resubmitted = CliRun.succeed(concat(flinkCli, run.toArray(String[]::new)));
        Matcher submitted =
                Pattern.compile("submitted with JobID ([0-9a-f]{32})").matcher(resubmitted);
        assertThat(submitted.find()).as(resubmitted).isTrue();
        produce(prefix, 4, 6);
        List<Detection> detections = awaitDetections(prefix, CAMERAS.size() * 6);
        for (String camera : CAMERAS) {
            assertThat(detections.stream().filter(d -> d.getSourceId().equals(camera)))
                    .extracting(Detection::getSequence)
                    .as(camera)
                    .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
        CliRun.succeed(concat(flinkCli, "cancel", submitted.group(1)));
        // A restore's committer may retry the savepoint's already committed transactions: those
        // lines are WARN on the stack (EmbeddedFlink's log configuration), never ERROR.
        assertThat(Files.readAllLines(work.resolve("flink").resolve("taskmanager.log")))
                .filteredOn(line -> line.contains("KafkaCommitter"))
                .noneMatch(line -> line.contains(" ERROR "));
    }

    private static String[] concat(String[] first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** The job's main() refuses a guest that cannot run: one message, and no job at all. */
    @Test
    void aHostileGuestIsRefusedAtSubmissionWithItsReason() throws Exception {
        Path guest = work.resolve("hostile-infinite-loop.wasm");
        Files.copy(
                Path.of("../../wasm-operator/src/test/resources/guests/hostile-infinite-loop.wasm"),
                guest,
                StandardCopyOption.REPLACE_EXISTING);
        int jobsBefore = new FlinkRest(flink.restUrl()).jobs().size();

        String error =
                CliRun.fail(
                        "job",
                        "submit",
                        "--flink-url=" + flink.restUrl(),
                        "--state-dir=" + work.resolve("state"),
                        "--jar=" + System.getProperty("vigil.job-jar"),
                        "--",
                        "--vigil.guest",
                        guest.toString());

        assertThat(error)
                .contains("The job did not start: Guest hostile-infinite-loop")
                .contains("declares no model")
                .doesNotContain("\tat ");
        assertThat(new FlinkRest(flink.restUrl()).jobs()).hasSize(jobsBefore);
    }

    /**
     * What main() cannot see (here: a model repository that is not there) is left to the
     * TaskManager, whose failure would repeat on every attempt: the job ends FAILED after one
     * attempt, and submit prints why.
     */
    @Test
    void aFailureOnlyTheTaskManagerSeesEndsTheJobAsFailedOnce() throws Exception {
        FlinkRest rest = new FlinkRest(flink.restUrl());
        try (TopicProvisioner topics =
                TopicProvisioner.connect(
                        TopicSettings.builder()
                                .bootstrapServers(KAFKA.bootstrapServers())
                                .prefix("tm-only.")
                                .build())) {
            topics.apply();
        }
        String error =
                CliRun.fail(
                        DetectorJob.submit(
                                List.of(
                                        "--flink-url=" + flink.restUrl(),
                                        "--state-dir=" + work.resolve("state"),
                                        "--jar=" + System.getProperty("vigil.job-jar")),
                                DetectorJob.args(
                                        KAFKA.bootstrapServers(),
                                        REGISTRY.url(),
                                        "tm-only.",
                                        work.resolve("not-on-this-cluster"))));

        Matcher failed = Pattern.compile("Job ([0-9a-f]{32}) FAILED: ").matcher(error);
        assertThat(failed.find()).as(error).isTrue();
        String jobId = failed.group(1);
        assertThat(error)
                .contains("FAILED: No model '" + DeterministicDetector.NAME + "'")
                .contains("not-on-this-cluster")
                .doesNotContain("\tat ");
        assertThat(rest.jobs()).contains(new FlinkRest.Job(jobId, "vigil-inference", "FAILED"));
        assertThat(failures(jobId)).as("failures of the job, each one an attempt").isEqualTo(1);
    }

    /**
     * The {@code write-records} of the job's vertex named {@code name}, once positive (the REST
     * API's metrics lag by up to 10 s), or 0 after 30 s.
     */
    private static long awaitRecordsSent(String jobId, String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long sent = 0;
        while (sent == 0 && System.nanoTime() < deadline) {
            for (JsonNode vertex : rest("/jobs/" + jobId).path("vertices")) {
                if (vertex.path("name").asText().contains(name)) {
                    sent = vertex.path("metrics").path("write-records").asLong();
                }
            }
            Thread.sleep(500);
        }
        return sent;
    }

    /** How many failures the job's exception history holds. */
    private static int failures(String jobId) throws Exception {
        return rest("/jobs/" + jobId + "/exceptions")
                .path("exceptionHistory")
                .path("entries")
                .size();
    }

    private static JsonNode rest(String path) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(flink.restUrl() + path)).build(),
                                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }

    private static SerdeSettings serde() {
        return SerdeSettings.builder().registryUrls(List.of(REGISTRY.url())).build();
    }

    private static void produce(String prefix, int from, int to) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, Frame> producer =
                new KafkaProducer<>(
                        config,
                        new StringSerializer(),
                        new ConfluentAvroSerializer<>(Frame.class, serde()))) {
            for (String camera : CAMERAS) {
                SyntheticCamera source = new SyntheticCamera(camera, 320, 240);
                for (long seq = from; seq <= to; seq++) {
                    producer.send(
                            new ProducerRecord<>(
                                    prefix + TopicCatalogue.FRAMES,
                                    camera,
                                    source.frame(
                                            seq, Instant.ofEpochSecond(1_700_000_000L + seq))));
                }
            }
        }
    }

    /** What a read_committed reader sees once it holds {@code count} records, or after a minute. */
    private static List<Detection> awaitDetections(String prefix, int count) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Detection> detections = new ArrayList<>();
        try (KafkaConsumer<String, Detection> consumer =
                new KafkaConsumer<>(
                        config,
                        new StringDeserializer(),
                        new ConfluentAvroDeserializer<>(Detection.class, serde()))) {
            consumer.subscribe(List.of(prefix + TopicCatalogue.DETECTIONS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int quiet = 0;
            while (System.nanoTime() < deadline && (detections.size() < count || quiet < 3)) {
                var records = consumer.poll(Duration.ofMillis(500));
                quiet = records.isEmpty() ? quiet + 1 : 0;
                records.forEach(record -> detections.add(record.value()));
            }
        }
        return detections.stream()
                .sorted(
                        java.util.Comparator.comparing(Detection::getSourceId)
                                .thenComparing(Detection::getSequence))
                .collect(Collectors.toList());
    }
}

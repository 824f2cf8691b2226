package dev.vigil.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.schemas.RuleKind;
import dev.vigil.schemas.SourceConfig;
import dev.vigil.schemas.SourceRule;
import dev.vigil.schemas.Zone;
import dev.vigil.schemas.ZonePoint;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.topics.TopicCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-source configuration through the sources topic, on one running job with the real broker and
 * registry: a rule changed mid-stream applies within 2 s and not before; zone, enter and dwell
 * rules on a rendered square moving into a zone; a source switching pipeline mid-stream, every
 * frame detected once; invalid records dead-lettered while the job runs on unchanged; and the
 * configs carried over a stop-with-savepoint into a restarted job that cannot read them again (the
 * topic's records are deleted first).
 */
class SourcesITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    /** Its rule changes mid-stream. */
    private static final String RULE_CAM = "cam-rule";

    /** A square moves into its "left" zone. */
    private static final String ZONE_CAM = "cam-zone";

    /** Switches pipeline mid-stream. */
    private static final String PIPE_CAM = "cam-pipe";

    private static final int PIPE_LAST = 15;

    /** The left 45% of the frame. */
    private static final Zone LEFT =
            new Zone(
                    "left",
                    List.of(
                            new ZonePoint(0f, 0f),
                            new ZonePoint(0.45f, 0f),
                            new ZonePoint(0.45f, 1f),
                            new ZonePoint(0f, 1f)));

    /** The square's left pixel column in frames 1.. of the zone camera: from 0.75 to 0.25. */
    private static final int[] PATH = {40, 32, 24, 16, 8, 8, 8, 8, 8, 8, 8, 8};

    @TempDir Path repository;
    @TempDir Path savepoints;

    @Test
    void configsChangeRulesLiveAreCheckedAndSurviveARestart() throws Exception {
        PipelineFixture fixture =
                new PipelineFixture(KAFKA.bootstrapServers(), REGISTRY.url(), repository).setUp();
        var options = fixture.options("1");
        // A second pipeline: the same guest with version 2 of the detector.
        options.set(JobOptions.PIPELINES, List.of("v2"));
        options.set(Pipelines.guest("v2"), "bundled:deterministic-detect");
        options.set(Pipelines.models("v2"), Map.of("detector", DeterministicDetector.NAME + "@2"));
        JobClient first = fixture.start(options, null, "sources-it-1");

        // The options' rule first: object-persists after 3 frames.
        produceFrames(fixture, RULE_CAM, 1, 3, 16);
        fixture.awaitDetections(3);
        setConfig(fixture, ZONE_CAM, zoneConfig());
        long changedAt = setConfig(fixture, RULE_CAM, fastConfig());
        Map<Long, Long> sentAt = new HashMap<>();
        try (KafkaProducer<String, Frame> producer = fixture.producer()) {
            for (long seq = 4;
                    System.nanoTime() - changedAt < Duration.ofMillis(2500).toNanos();
                    seq++) {
                sentAt.put(seq, System.nanoTime());
                fixture.send(producer, frame(RULE_CAM, seq, 16)).get();
                Thread.sleep(100);
            }
        }
        for (int seq = 1; seq <= 8; seq++) {
            produceFrames(fixture, ZONE_CAM, seq, seq, PATH[seq - 1]);
        }
        fixture.awaitDetections(3 + sentAt.size() + 8);

        Map<String, Alert> alerts = alerts(fixture, 3 + 5);
        List<Alert> ruleCam = of(alerts.values(), RULE_CAM);
        assertThat(ruleCam)
                .filteredOn(alert -> alert.getRule().equals("object-persists"))
                .extracting(Alert::getLastSequence)
                .containsExactly(3L);
        List<Long> fast =
                ruleCam.stream()
                        .filter(alert -> alert.getRule().equals("every-frame"))
                        .map(Alert::getLastSequence)
                        .sorted()
                        .toList();
        assertThat(fast).as("the change comes after frame 3 was processed").allMatch(s -> s > 3);
        long firstFast = fast.get(0);
        long lastSent = sentAt.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(fast)
                .as("from its first frame on, every frame is under the new rule")
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(firstFast, lastSent).boxed().toList());
        long latencyMillis = (sentAt.get(firstFast) - changedAt) / 1_000_000;
        System.out.println(
                "sources-it: rule change applied to a frame sent "
                        + latencyMillis
                        + " ms after the config was produced");
        assertThat(latencyMillis).as("a change applies within 2 s").isLessThanOrEqualTo(2000);

        // The square enters the zone at frame 4 (bottom centre 0.375) and stays: 4 s of capture
        // time at frame 4, 7 s at frame 7.
        assertThat(of(alerts.values(), ZONE_CAM))
                .extracting(Alert::getRule, Alert::getZone, Alert::getLastSequence)
                .containsExactlyInAnyOrder(
                        tuple("enters-left", "left", 4L),
                        tuple("dwells-left", "left", 7L),
                        tuple("left-persists", null, 4L),
                        tuple("left-persists", null, 5L),
                        tuple("left-persists", null, 6L),
                        tuple("left-persists", null, 7L),
                        tuple("left-persists", null, 8L));

        // The pipeline switch: frames 1-5 on the default pipeline, then v2 while frames stream.
        produceFrames(fixture, PIPE_CAM, 1, 5, 16);
        int before = 3 + sentAt.size() + 8 + 5;
        fixture.awaitDetections(before);
        setConfig(fixture, PIPE_CAM, SourceConfig.newBuilder().setPipeline("v2").build());
        try (KafkaProducer<String, Frame> producer = fixture.producer()) {
            for (long seq = 6; seq <= PIPE_LAST; seq++) {
                fixture.send(producer, frame(PIPE_CAM, seq, 16)).get();
                Thread.sleep(100);
            }
        }
        List<Detection> piped =
                fixture.awaitDetections(before + PIPE_LAST - 5).stream()
                        .filter(d -> d.getSourceId().equals(PIPE_CAM))
                        .sorted(Comparator.comparingLong(Detection::getSequence))
                        .toList();
        assertThat(piped)
                .extracting(Detection::getSequence)
                .as("every frame once, across the switch")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, PIPE_LAST).boxed().toList());
        List<String> versions =
                piped.stream()
                        .map(
                                d ->
                                        d.getModels().get(0).getName()
                                                + "@"
                                                + d.getModels().get(0).getVersion())
                        .toList();
        int switchAt = versions.indexOf(DeterministicDetector.NAME + "@2");
        assertThat(switchAt).as("switched after frame 5: %s", versions).isGreaterThanOrEqualTo(5);
        assertThat(versions.subList(0, switchAt)).containsOnly(DeterministicDetector.NAME + "@1");
        assertThat(versions.subList(switchAt, versions.size()))
                .containsOnly(DeterministicDetector.NAME + "@2");

        // An invalid config and a record that is no Avro: dead letters, and nothing changes.
        setConfig(
                fixture,
                ZONE_CAM,
                SourceConfig.newBuilder(zoneConfig())
                        .setRules(List.of(rule("enters-gate", RuleKind.ENTER, "gate").build()))
                        .build());
        produceRaw(fixture, ZONE_CAM, "not a config");
        Thread.sleep(2000);
        produceFrames(fixture, ZONE_CAM, 9, 9, PATH[8]);
        List<DeadLetter> letters =
                fixture.read(
                        TopicCatalogue.FRAMES_DLQ, DeadLetter.class, 2, Duration.ofSeconds(20));
        assertThat(letters)
                .extracting(DeadLetter::getReasonCode, DeadLetter::getOriginTopic)
                .containsExactlyInAnyOrder(
                        tuple("INVALID_SOURCE_CONFIG", fixture.prefix + TopicCatalogue.SOURCES),
                        tuple("NOT_WIRE_FORMAT", fixture.prefix + TopicCatalogue.SOURCES));
        assertThat(letters)
                .filteredOn(letter -> letter.getReasonCode().equals("INVALID_SOURCE_CONFIG"))
                .singleElement()
                .satisfies(
                        letter ->
                                assertThat(letter.getMessage())
                                        .contains("'cam-zone'")
                                        .contains(
                                                "rules[0].zones[0]: 'gate' is not one of the"
                                                        + " zones [left]"));
        fixture.awaitDetections(3 + sentAt.size() + 9 + PIPE_LAST);

        // Stop with a savepoint, delete every record of the sources topic, restart.
        String savepoint =
                first.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);
        deleteAllRecords(fixture, fixture.prefix + TopicCatalogue.SOURCES);
        JobClient second = fixture.start(options, savepoint, "sources-it-2");
        produceFrames(fixture, ZONE_CAM, 10, 10, PATH[9]);
        produceFrames(fixture, RULE_CAM, lastSent + 1, lastSent + 1, 16);
        produceFrames(fixture, PIPE_CAM, PIPE_LAST + 1, PIPE_LAST + 1, 16);
        List<Detection> all = fixture.awaitDetections(3 + sentAt.size() + 12 + PIPE_LAST);
        Map<String, Alert> after = alerts(fixture, alerts.size() + 3);
        second.cancel().get(60, TimeUnit.SECONDS);

        assertThat(of(after.values(), ZONE_CAM))
                .filteredOn(alert -> alert.getLastSequence() >= 9)
                .extracting(Alert::getRule, Alert::getLastSequence)
                .as("the zone config, unchanged by the refused record, restored from the savepoint")
                .containsExactlyInAnyOrder(tuple("left-persists", 9L), tuple("left-persists", 10L));
        assertThat(all)
                .filteredOn(d -> d.getSourceId().equals(PIPE_CAM))
                .filteredOn(d -> d.getSequence() == PIPE_LAST + 1)
                .extracting(Detection::getModelVersion)
                .as("the restored job routes by the restored config")
                .containsExactly("2");
        assertThat(of(after.values(), RULE_CAM))
                .filteredOn(alert -> alert.getLastSequence() == lastSent + 1)
                .extracting(Alert::getRule)
                .containsExactly("every-frame");
    }

    /** Every frame alerts (one frame, no cooldown). */
    private static SourceConfig fastConfig() {
        return SourceConfig.newBuilder()
                .setRules(
                        List.of(
                                rule("every-frame", RuleKind.PERSISTENCE, null)
                                        .setMinFrames(1)
                                        .setCooldownMillis(0)
                                        .build()))
                .build();
    }

    /** Enter and dwell (3 s) on the left zone, and a persistence rule limited to it. */
    private static SourceConfig zoneConfig() {
        return SourceConfig.newBuilder()
                .setZones(List.of(LEFT))
                .setRules(
                        List.of(
                                rule("enters-left", RuleKind.ENTER, "left").build(),
                                rule("dwells-left", RuleKind.DWELL, "left")
                                        .setDwellMillis(3000)
                                        .build(),
                                rule("left-persists", RuleKind.PERSISTENCE, "left")
                                        .setMinFrames(1)
                                        .setCooldownMillis(0)
                                        .build()))
                .build();
    }

    private static SourceRule.Builder rule(String name, RuleKind kind, String zone) {
        return SourceRule.newBuilder()
                .setName(name)
                .setKind(kind)
                .setZones(zone == null ? List.of() : List.of(zone));
    }

    /** Produces the config and returns when the broker has it (System.nanoTime()). */
    private static long setConfig(PipelineFixture fixture, String source, SourceConfig config)
            throws Exception {
        try (KafkaProducer<String, SourceConfig> producer =
                fixture.topics().producer(SourceConfig.class)) {
            producer.send(
                            new ProducerRecord<>(
                                    fixture.prefix + TopicCatalogue.SOURCES, source, config))
                    .get();
        }
        return System.nanoTime();
    }

    private static void produceRaw(PipelineFixture fixture, String key, String value)
            throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrapServers);
        try (KafkaProducer<byte[], byte[]> raw =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(
                            new ProducerRecord<>(
                                    fixture.prefix + TopicCatalogue.SOURCES,
                                    key.getBytes(StandardCharsets.UTF_8),
                                    value.getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    private static void produceFrames(
            PipelineFixture fixture, String camera, long from, long to, int left) throws Exception {
        try (KafkaProducer<String, Frame> producer = fixture.producer()) {
            for (long seq = from; seq <= to; seq++) {
                fixture.send(producer, frame(camera, seq, left)).get();
            }
        }
    }

    private static Frame frame(String camera, long seq, int left) {
        return PipelineFixture.frame(
                camera, seq, FrameEncoding.RAW_RGB8, PipelineFixture.squareAt(left));
    }

    /** The alerts so far, by id (the topic is at least once: a replay may repeat one). */
    private static Map<String, Alert> alerts(PipelineFixture fixture, int atLeast) {
        Map<String, Alert> byId = new LinkedHashMap<>();
        for (Alert alert :
                fixture.read(TopicCatalogue.ALERTS, Alert.class, atLeast, Duration.ofSeconds(30))) {
            byId.putIfAbsent(alert.getAlertId(), alert);
        }
        return byId;
    }

    private static List<Alert> of(Collection<Alert> alerts, String source) {
        return alerts.stream().filter(alert -> alert.getSourceId().equals(source)).toList();
    }

    /**
     * Deletes every record of a compacted topic (deleting records needs the delete policy, so it is
     * added first): a job that had to read the configs again would find none.
     */
    private static void deleteAllRecords(PipelineFixture fixture, String topic) throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                fixture.bootstrapServers))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            admin.incrementalAlterConfigs(
                            Map.of(
                                    resource,
                                    List.of(
                                            new AlterConfigOp(
                                                    new ConfigEntry(
                                                            "cleanup.policy", "compact,delete"),
                                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            int partitions =
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(topic)
                            .partitions()
                            .size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach(
                            (partition, end) ->
                                    deletions.put(
                                            partition, RecordsToDelete.beforeOffset(end.offset())));
            admin.deleteRecords(deletions).all().get(30, TimeUnit.SECONDS);
            List<Long> starts = new ArrayList<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            latest.keySet().forEach(partition -> earliest.put(partition, OffsetSpec.earliest()));
            admin.listOffsets(earliest)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((partition, start) -> starts.add(start.offset()));
            assertThat(starts.stream().mapToLong(Long::longValue).sum())
                    .as("records deleted")
                    .isEqualTo(
                            deletions.values().stream()
                                    .mapToLong(RecordsToDelete::beforeOffset)
                                    .sum());
        }
    }
}

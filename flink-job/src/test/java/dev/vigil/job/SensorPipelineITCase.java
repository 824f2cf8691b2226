package dev.vigil.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.synthetic.PcaAnomalyDetector;
import dev.vigil.nn.synthetic.SignalFault;
import dev.vigil.nn.synthetic.SignalFault.Kind;
import dev.vigil.nn.synthetic.VibrationSignal;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.SensorReading;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.topics.TopicCatalogue;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sensor job on the real broker and registry: four machines send blocks of 64 samples (one per
 * window slide), two of them with a fault from reading {@value #FAULT_AT}; the job windows them
 * (256 by 64), scores every window with the PCA anomaly model in the anomaly-score guest, and
 * alerts after three anomalous windows in a row. Half way it is stopped with a savepoint and
 * started from it with model version 2, with every machine's window open in the state.
 */
class SensorPipelineITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    private static final int BLOCK = PcaAnomalyDetector.SLIDE;
    private static final int READINGS = 64;
    private static final int SWITCH_AFTER = 39;
    private static final int FAULT_AT = 32;

    /** The first reading that completes a 256-sample window. */
    private static final int FIRST_WINDOW = PcaAnomalyDetector.WINDOW / BLOCK - 1;

    private static final Map<String, Kind> FAULTS =
            Map.of("motor-1", Kind.IMPULSES, "motor-2", Kind.DRIFT);
    private static final List<String> HEALTHY = List.of("motor-0", "motor-3");
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    @TempDir Path repository;
    @TempDir Path savepoints;

    @Test
    void alertsTheFaultyMachinesOnlyScoresEveryWindowOnceAndKeepsWindowsOverAnUpgrade()
            throws Exception {
        PipelineFixture fixture =
                new PipelineFixture(KAFKA.bootstrapServers(), REGISTRY.url(), repository).setUp();
        PcaAnomalyDetector detector = PcaAnomalyDetector.fit();
        detector.model().importInto(new ModelRepository(repository), "1");
        detector.model().importInto(new ModelRepository(repository), "2");
        Map<String, VibrationSignal> machines = new HashMap<>();
        List<String> all = new ArrayList<>(HEALTHY);
        all.addAll(FAULTS.keySet());
        for (int m = 0; m < all.size(); m++) {
            String id = all.get(m);
            List<SignalFault> faults =
                    FAULTS.containsKey(id)
                            ? List.of(
                                    new SignalFault(
                                            FAULTS.get(id),
                                            (long) FAULT_AT * BLOCK,
                                            (long) READINGS * BLOCK))
                            : List.of();
            machines.put(id, new VibrationSignal(m, 11, faults));
        }

        JobClient v1 = fixture.start(options(fixture, "1"), null, "sensors-it-v1");
        produce(fixture, all, machines, 0, SWITCH_AFTER);
        produceBad(fixture);
        fixture.awaitDetections(all.size() * (SWITCH_AFTER - FIRST_WINDOW + 1));
        String savepoint =
                v1.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get(60, TimeUnit.SECONDS);
        JobClient v2 = fixture.start(options(fixture, "2"), savepoint, "sensors-it-v2");
        produce(fixture, all, machines, SWITCH_AFTER + 1, READINGS - 1);
        int windows = READINGS - FIRST_WINDOW;
        List<Detection> detections = fixture.awaitDetections(all.size() * windows);
        List<DeadLetter> deadLetters =
                fixture.read(
                        TopicCatalogue.FRAMES_DLQ, DeadLetter.class, 3, Duration.ofSeconds(20));
        List<Alert> alerts =
                fixture.read(TopicCatalogue.ALERTS, Alert.class, 2, Duration.ofSeconds(20));
        v2.cancel().get(60, TimeUnit.SECONDS);

        assertThat(detections)
                .as("one score per window, read_committed")
                .hasSize(all.size() * windows);
        for (String machine : all) {
            List<Detection> own =
                    detections.stream().filter(d -> d.getSourceId().equals(machine)).toList();
            assertThat(own)
                    .extracting(Detection::getSequence)
                    .as(machine)
                    .containsExactlyElementsOf(
                            LongStream.range(FIRST_WINDOW, READINGS).boxed().toList());
            for (Detection d : own) {
                assertThat(d.getWindowFirstSequence()).isEqualTo(d.getSequence() - FIRST_WINDOW);
                assertThat(d.getWindowLastSequence()).isEqualTo(d.getSequence());
                assertThat(d.getModelVersion())
                        .as("%s window %d", machine, d.getSequence())
                        .isEqualTo(d.getSequence() <= SWITCH_AFTER ? "1" : "2");
                assertThat(d.getBoxes())
                        .as(
                                "%s window %d: anomalous only after the fault",
                                machine, d.getSequence())
                        .hasSizeLessThanOrEqualTo(
                                FAULTS.containsKey(machine) && d.getSequence() >= FAULT_AT ? 1 : 0);
            }
        }
        assertThat(alerts).extracting(Alert::getSourceId).containsOnlyElementsOf(FAULTS.keySet());
        for (String machine : FAULTS.keySet()) {
            Alert alert =
                    alerts.stream()
                            .filter(a -> a.getSourceId().equals(machine))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no alert for " + machine));
            assertThat(alert.getLabel()).isEqualTo("anomaly");
            assertThat(alert.getFirstSequence())
                    .as(machine)
                    .isBetween((long) FAULT_AT, FAULT_AT + 4L);
            assertThat(alert.getLastSequence()).as(machine).isEqualTo(alert.getFirstSequence() + 2);
        }
        assertThat(deadLetters)
                .extracting(d -> d.getReasonCode())
                .containsExactlyInAnyOrder(
                        "NON_FINITE_READING", "BAD_READING_SHAPE", "UNKNOWN_SCHEMA_ID");
    }

    private static Configuration options(PipelineFixture fixture, String version) {
        Configuration options = fixture.options(version);
        options.set(JobOptions.SENSORS, true);
        options.set(JobOptions.GUEST, "bundled:anomaly-score");
        options.set(JobOptions.MODELS, Map.of("detector", PcaAnomalyDetector.NAME + "@" + version));
        options.set(JobOptions.MAX_BATCH, 8);
        return options;
    }

    /** Readings {@code from..to} of every machine, interleaved, each acknowledged. */
    private static void produce(
            PipelineFixture fixture,
            List<String> all,
            Map<String, VibrationSignal> machines,
            int from,
            int to)
            throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, SensorReading> producer =
                fixture.topics().producer(SensorReading.class)) {
            for (int seq = from; seq <= to; seq++) {
                for (String machine : all) {
                    float[] block = machines.get(machine).next(BLOCK);
                    sent.add(send(fixture, producer, reading(machine, seq, 1, block)));
                }
            }
        }
        for (Future<RecordMetadata> f : sent) {
            f.get();
        }
    }

    /** A NaN sample, a block that is not whole samples of its channels, an unknown schema id. */
    private static void produceBad(PipelineFixture fixture) throws Exception {
        float[] nan = new float[BLOCK];
        nan[5] = Float.NaN;
        try (KafkaProducer<String, SensorReading> producer =
                fixture.topics().producer(SensorReading.class)) {
            send(fixture, producer, reading("broken", 0, 1, nan)).get();
            send(fixture, producer, reading("broken", 1, 2, new float[63])).get();
        }
        Map<String, Object> config =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrapServers);
        try (KafkaProducer<byte[], byte[]> raw =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] unknownId = ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).array();
            raw.send(
                            new ProducerRecord<>(
                                    fixture.topics().name(TopicCatalogue.SENSOR_READINGS),
                                    "broken".getBytes(),
                                    unknownId))
                    .get();
        }
    }

    private static Future<RecordMetadata> send(
            PipelineFixture fixture,
            KafkaProducer<String, SensorReading> producer,
            SensorReading reading) {
        return producer.send(
                new ProducerRecord<>(
                        fixture.topics().name(TopicCatalogue.SENSOR_READINGS),
                        reading.getSourceId(),
                        reading));
    }

    private static SensorReading reading(String source, long seq, int channels, float[] samples) {
        List<Float> values = new ArrayList<>(samples.length);
        for (float v : samples) {
            values.add(v);
        }
        return SensorReading.newBuilder()
                .setSourceId(source)
                .setSequence(seq)
                .setCaptureTime(T0.plusMillis((seq + 1) * BLOCK))
                .setChannels(channels)
                .setSamples(values)
                .setAttributes(Map.of())
                .build();
    }
}

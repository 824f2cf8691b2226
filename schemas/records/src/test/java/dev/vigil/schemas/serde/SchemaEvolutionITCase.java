package dev.vigil.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.schemas.SourceConfig;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import io.confluent.kafka.schemaregistry.avro.AvroSchema;
import io.confluent.kafka.schemaregistry.client.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15's evolution of Detection (text per box, the models list) and Alert (modelName, text,
 * watchEntry) on a real registry that enforces BACKWARD on the subject: records written with the v1
 * schemas read with today's classes, today's records read with the v1 schemas (consumers not yet
 * upgraded), and the registry accepts the new schema after v1 while refusing a breaking one.
 */
class SchemaEvolutionITCase {
    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    /** A Detection as a v1 producer wrote it: no text, no models list. */
    private static final String V1_DETECTION =
            "{\"sourceId\":\"gate-1\",\"sequence\":7,\"captureTime\":1000,"
                    + "\"modelName\":\"ppocr-det\",\"modelVersion\":\"4\","
                    + "\"guestModule\":\"text-detect\",\"guestVersion\":\"1.0.0\","
                    + "\"boxes\":[{\"label\":\"text\",\"score\":0.9,"
                    + "\"box\":{\"xMin\":0.1,\"yMin\":0.2,\"xMax\":0.3,\"yMax\":0.4}}],"
                    + "\"timings\":{\"queueMicros\":1,\"preMicros\":2,\"inferMicros\":3,"
                    + "\"postMicros\":4,\"batchSize\":1}}";

    /** A Frame as a v1 producer wrote it. */
    private static final String V1_FRAME =
            "{\"sourceId\":\"gate-1\",\"sequence\":7,\"captureTime\":1000,"
                    + "\"encoding\":\"JPEG\",\"width\":2,\"height\":1,"
                    + "\"payload\":\"ab\",\"attributes\":{}}";

    /** An Alert as a v1 job wrote it: modelVersion held name@version. */
    private static final String V1_ALERT =
            "{\"alertId\":\"a1\",\"sourceId\":\"gate-1\",\"rule\":\"object-persists\","
                    + "\"label\":\"text\",\"trackId\":3,\"firstSequence\":5,\"lastSequence\":7,"
                    + "\"score\":0.9,"
                    + "\"box\":{\"xMin\":0.1,\"yMin\":0.2,\"xMax\":0.3,\"yMax\":0.4},"
                    + "\"modelVersion\":\"ppocr-det@4\",\"emittedTime\":2000}";

    private final SerdeSettings settings =
            SerdeSettings.builder().registryUrl(REGISTRY.url()).build();
    private final SchemaRegistryClient registry = RegistryClients.create(settings);

    @Test
    void aV1DetectionReadsWithoutTextOrModelsAndTodaysReadsWithTheV1Schema() throws Exception {
        String topic = backwardSubjectWith("detections", snapshot("Detection", 1));
        Detection old =
                new ConfluentAvroCodec<>(Detection.class, registry, settings)
                        .decode(topic, written(topic, snapshot("Detection", 1), V1_DETECTION));
        assertThat(old.getModelVersion()).isEqualTo("4");
        assertThat(old.getModels()).isEmpty();
        assertThat(old.getBoxes().get(0).getText()).isNull();
        assertThat(old.getBoxes().get(0).getTextScore()).isNull();

        assertThat(compatible(topic, Detection.getClassSchema())).isTrue();
        GenericRecord read =
                readWithSnapshot(topic, Detection.class, SampleRecords.detection(), "Detection", 1);
        assertThat(read.get("modelName")).hasToString("text-det");
        assertThat(read.get("modelVersion")).hasToString("2");
        GenericRecord box = (GenericRecord) ((List<?>) read.get("boxes")).get(0);
        assertThat(box.get("label")).hasToString("text");
        assertThat(box.get("score")).isEqualTo(0.93f);
        assertThat(box.getSchema().getField("text")).as("a v1 reader knows no text").isNull();
    }

    @Test
    void aV1AlertReadsWithItsOldModelVersionAndTodaysReadsWithTheV1Schema() throws Exception {
        String topic = backwardSubjectWith("alerts", snapshot("Alert", 1));
        Alert old =
                new ConfluentAvroCodec<>(Alert.class, registry, settings)
                        .decode(topic, written(topic, snapshot("Alert", 1), V1_ALERT));
        // modelName null says: modelVersion is the old name@version.
        assertThat(old.getModelName()).isNull();
        assertThat(old.getModelVersion()).isEqualTo("ppocr-det@4");
        assertThat(old.getText()).isNull();
        assertThat(old.getWatchEntry()).isNull();

        assertThat(compatible(topic, Alert.getClassSchema())).isTrue();
        GenericRecord read =
                readWithSnapshot(topic, Alert.class, SampleRecords.alert(), "Alert", 1);
        assertThat(read.get("alertId")).hasToString("a1b2c3");
        assertThat(read.get("modelVersion")).hasToString("2");
        assertThat(read.get("trackId")).isEqualTo(7L);
    }

    /**
     * A window of sensor samples (FLOAT32_TENSOR, added after v1) reads as UNKNOWN to a v1 Frame
     * consumer, which dead-letters it as an encoding it does not know; a v1 image frame reads with
     * today's class with no window.
     */
    @Test
    void aTensorFrameReadsAsUnknownToAV1ReaderAndAV1FrameHasNoWindow() throws Exception {
        String topic = backwardSubjectWith("frames", snapshot("Frame", 1));
        Frame old =
                new ConfluentAvroCodec<>(Frame.class, registry, settings)
                        .decode(topic, written(topic, snapshot("Frame", 1), V1_FRAME));
        assertThat(old.getEncoding()).isEqualTo(FrameEncoding.JPEG);
        assertThat(old.getWindowFirstSequence()).isNull();

        assertThat(compatible(topic, Frame.getClassSchema())).isTrue();
        Frame window =
                Frame.newBuilder(SampleRecords.frame())
                        .setEncoding(FrameEncoding.FLOAT32_TENSOR)
                        .setWindowFirstSequence(3L)
                        .build();
        GenericRecord read = readWithSnapshot(topic, Frame.class, window, "Frame", 1);
        assertThat(read.get("encoding")).hasToString("UNKNOWN");
        assertThat(read.getSchema().getField("windowFirstSequence")).isNull();
    }

    /**
     * Issue 16's SourceConfig starts its history here: v1 on a BACKWARD subject takes today's
     * schema, a record written now reads back with the v1 snapshot, and a field without a default
     * is refused on its subject too.
     */
    @Test
    void sourceConfigV1IsTheSubjectsFirstVersionAndRefusesABreakingChange() throws Exception {
        String topic = backwardSubjectWith("sources", snapshot("SourceConfig", 1));
        assertThat(compatible(topic, SourceConfig.getClassSchema())).isTrue();
        GenericRecord read =
                readWithSnapshot(
                        topic, SourceConfig.class, SampleRecords.sourceConfig(), "SourceConfig", 1);
        assertThat(read.get("pipeline")).hasToString("plates");
        GenericRecord rule = (GenericRecord) ((List<?>) read.get("rules")).get(0);
        assertThat(rule.get("kind")).hasToString("DWELL");
        assertThat(rule.get("dwellMillis")).isEqualTo(30_000L);
        Schema broken =
                new Schema.Parser()
                        .parse(
                                SourceConfig.getClassSchema()
                                        .toString()
                                        .replaceFirst(
                                                "\"fields\":\\[",
                                                "\"fields\":[{\"name\":\"site\",\"type\":\"string\"},"));
        assertThat(compatible(topic, broken)).isFalse();
    }

    @Test
    void theRegistryRefusesARequiredFieldWithoutDefault() throws Exception {
        Schema current = Alert.getClassSchema();
        String topic = backwardSubjectWith("refused", current);
        Schema broken =
                new Schema.Parser()
                        .parse(
                                current.toString()
                                        .replaceFirst(
                                                "\"fields\":\\[",
                                                "\"fields\":[{\"name\":\"site\",\"type\":\"string\"},"));
        assertThat(compatible(topic, broken)).isFalse();
    }

    /** A fresh subject that enforces BACKWARD and holds {@code first} as its first version. */
    private String backwardSubjectWith(String purpose, Schema first) throws Exception {
        String topic = "evolve-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        String subject = ConfluentAvroCodec.valueSubject(topic);
        registry.register(subject, new AvroSchema(first));
        registry.updateCompatibility(subject, "BACKWARD");
        return topic;
    }

    private boolean compatible(String topic, Schema schema) throws Exception {
        return registry.testCompatibility(
                ConfluentAvroCodec.valueSubject(topic), new AvroSchema(schema));
    }

    /** The wire-format bytes a producer with {@code schema} writes for the JSON {@code record}. */
    private byte[] written(String topic, Schema schema, String json) throws Exception {
        int id = registry.getId(ConfluentAvroCodec.valueSubject(topic), new AvroSchema(schema));
        GenericRecord record =
                new GenericDatumReader<GenericRecord>(schema)
                        .read(null, DecoderFactory.get().jsonDecoder(schema, json));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(
                ByteBuffer.allocate(WireFormat.HEADER_SIZE).put((byte) 0).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema, GenericData.get()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /**
     * Writes {@code record} with today's codec (registering today's schema under the BACKWARD
     * subject) and reads it as a consumer on snapshot {@code version} does.
     */
    private <T extends org.apache.avro.specific.SpecificRecord> GenericRecord readWithSnapshot(
            String topic, Class<T> type, T record, String name, int version) throws Exception {
        byte[] bytes = new ConfluentAvroCodec<>(type, registry, settings).encode(topic, record);
        Schema writer =
                ((AvroSchema) registry.getSchemaById(WireFormat.schemaId(bytes, topic)))
                        .rawSchema();
        return new GenericDatumReader<GenericRecord>(writer, snapshot(name, version))
                .read(
                        null,
                        DecoderFactory.get()
                                .binaryDecoder(
                                        bytes,
                                        WireFormat.HEADER_SIZE,
                                        bytes.length - WireFormat.HEADER_SIZE,
                                        null));
    }

    private static Schema snapshot(String record, int version) throws IOException {
        String path = "/schema-history/" + record + "/v" + version + ".avsc";
        try (InputStream in = SchemaEvolutionITCase.class.getResourceAsStream(path)) {
            return new Schema.Parser().parse(in);
        }
    }
}

package dev.vigil.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.flink.ConfluentAvroDeserializationSchema;
import dev.vigil.schemas.flink.ConfluentAvroSerializationSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The wire-format contract, run against a real broker and a real Confluent-API registry. Subclasses
 * say where those run: embedded child JVMs (always) or containers (where Docker is).
 */
abstract class WireFormatRoundTripScenario {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    protected abstract String bootstrapServers();

    protected abstract String registryUrl();

    private SerdeSettings settings() {
        return SerdeSettings.builder().registryUrl(registryUrl()).build();
    }

    @Test
    void everyRecordTypeRoundTripsThroughBrokerAndRegistry() throws Exception {
        roundTrip(Frame.class, SampleRecords.frame());
        roundTrip(Detection.class, SampleRecords.detection());
        roundTrip(Alert.class, SampleRecords.alert());
        roundTrip(DeadLetter.class, SampleRecords.deadLetter());
    }

    @Test
    void kafkaClientsConfigureTheSerdesByConfluentKeys() throws Exception {
        String topic = newTopic("configured");
        Map<String, Object> config =
                Map.of(
                        SerdeSettings.REGISTRY_URL,
                        registryUrl(),
                        "specific.avro.value.type",
                        Frame.class.getName());
        try (ConfluentAvroSerializer<Frame> serializer = new ConfluentAvroSerializer<>();
                ConfluentAvroDeserializer<Frame> deserializer = new ConfluentAvroDeserializer<>()) {
            serializer.configure(config, false);
            deserializer.configure(config, false);
            byte[] bytes = serializer.serialize(topic, SampleRecords.frame());
            assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(SampleRecords.frame());
            assertThatThrownBy(() -> serializer.configure(config, true))
                    .hasMessageContaining("keys are plain UTF-8 source ids");
        }
    }

    @Test
    void flinkSchemasRoundTripAndUseAvroTypeInformation() {
        String topic = newTopic("flink");
        ConfluentAvroSerializationSchema<Detection> serializer =
                new ConfluentAvroSerializationSchema<>(Detection.class, topic, settings());
        ConfluentAvroDeserializationSchema<Detection> deserializer =
                new ConfluentAvroDeserializationSchema<>(Detection.class, topic, settings());
        serializer.open(null);
        deserializer.open(null);
        byte[] bytes = serializer.serialize(SampleRecords.detection());
        assertThat(deserializer.deserialize(bytes)).isEqualTo(SampleRecords.detection());
        assertThat(deserializer.getProducedType()).isInstanceOf(AvroTypeInfo.class);
    }

    @Test
    void unknownSchemaIdIsATypedError() {
        String topic = newTopic("unknown-id");
        byte[] bytes = ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).putInt(0).array();
        byte[] consumed = produceAndConsumeRaw(topic, bytes);
        assertThatThrownBy(() -> deserializer(Frame.class).deserialize(topic, consumed))
                .isInstanceOfSatisfying(
                        UnknownSchemaIdException.class,
                        e -> {
                            assertThat(e.schemaId()).isEqualTo(987_654);
                            assertThat(e.reasonCode()).isEqualTo("UNKNOWN_SCHEMA_ID");
                        })
                .hasMessageContaining(topic)
                .hasMessageContaining("987654")
                .hasMessageContaining(registryUrl());
    }

    @Test
    void truncatedPayloadIsATypedError() {
        String topic = newTopic("truncated");
        byte[] whole =
                new ConfluentAvroSerializer<>(Frame.class, settings())
                        .serialize(topic, SampleRecords.frame());
        byte[] consumed = produceAndConsumeRaw(topic, Arrays.copyOf(whole, whole.length - 10));
        assertThatThrownBy(() -> deserializer(Frame.class).deserialize(topic, consumed))
                .isInstanceOfSatisfying(
                        CorruptPayloadException.class,
                        e -> assertThat(e.reasonCode()).isEqualTo("TRUNCATED_PAYLOAD"))
                .hasMessageContaining(topic)
                .hasMessageContaining("Frame");
    }

    @Test
    void nonAvroPayloadIsATypedError() {
        String topic = newTopic("not-avro");
        byte[] json = "{\"sourceId\":\"cam-1\"}".getBytes();
        byte[] consumed = produceAndConsumeRaw(topic, json);
        assertThatThrownBy(() -> deserializer(Frame.class).deserialize(topic, consumed))
                .isInstanceOfSatisfying(
                        NotWireFormatException.class,
                        e -> assertThat(e.reasonCode()).isEqualTo("NOT_WIRE_FORMAT"))
                .hasMessageContaining("0x7b")
                .hasMessageContaining(topic);
    }

    @Test
    void aRecordOfAnotherTypeIsATypedError() {
        String topic = newTopic("wrong-type");
        byte[] alert =
                new ConfluentAvroSerializer<>(Alert.class, settings())
                        .serialize(topic, SampleRecords.alert());
        assertThatThrownBy(() -> deserializer(Frame.class).deserialize(topic, alert))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("dev.vigil.schemas.Alert")
                .hasMessageContaining("dev.vigil.schemas.Frame");
    }

    private <T extends SpecificRecordBase> void roundTrip(Class<T> type, T record)
            throws Exception {
        String topic = newTopic(type.getSimpleName().toLowerCase());
        byte[] written = new ConfluentAvroSerializer<>(type, settings()).serialize(topic, record);
        byte[] consumed = produceAndConsumeRaw(topic, written);

        assertThat(consumed[0]).as("magic byte").isEqualTo((byte) 0);
        assertThat(WireFormat.schemaId(consumed, topic))
                .as("schema id in the header of a %s", type.getSimpleName())
                .isEqualTo(registeredId(ConfluentAvroCodec.valueSubject(topic)));
        assertThat(deserializer(type).deserialize(topic, consumed)).isEqualTo(record);
    }

    private <T extends SpecificRecordBase> ConfluentAvroDeserializer<T> deserializer(
            Class<T> type) {
        return new ConfluentAvroDeserializer<>(type, settings());
    }

    /** The id the registry itself reports for the subject's latest version, over plain REST. */
    private int registeredId(String subject) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        registryUrl()
                                                                + "/subjects/"
                                                                + subject
                                                                + "/versions/latest"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Matcher matcher = ID.matcher(response.body());
        assertThat(matcher.find()).as(response.body()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private String newTopic(String purpose) {
        String topic = "wire-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topic " + topic, e);
        }
        return topic;
    }

    /** Sends bytes through the real broker and returns what a consumer reads back. */
    private byte[] produceAndConsumeRaw(String topic, byte[] value) {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "dock-3/cam-12", value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not produce to " + topic, e);
        }
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        topic + "-reader",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    return record.value();
                }
            }
        }
        throw new AssertionError("Nothing arrived on " + topic + " within 30 s");
    }
}

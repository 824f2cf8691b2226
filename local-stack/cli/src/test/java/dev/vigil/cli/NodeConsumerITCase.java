package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.serde.ConfluentAvroSerializer;
import dev.vigil.schemas.serde.SerdeSettings;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.topics.TopicCatalogue;
import dev.vigil.topics.TopicProvisioner;
import dev.vigil.topics.TopicSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code examples/node-consumer} against the real broker and registry: records written the Java
 * way, in Kafka transactions as the job writes them, on output topics compressed with gzip (what
 * kafkajs reads without codecs); the Node consumer prints the committed ones, decoded, and not the
 * aborted one. Skipped where {@code node} or {@code npm} is not installed.
 */
class NodeConsumerITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    private static final Path EXAMPLE = Path.of("../../examples/node-consumer");
    private static final Path WORK = Path.of("target/node-consumer");
    private static final String PREFIX = "node-it.";

    @Test
    void theNodeExampleReadsCommittedAlertsAndDetections() throws Exception {
        assumeTrue(runs("node", "--version") && runs("npm", "--version"), "node and npm");
        try (TopicProvisioner topics =
                TopicProvisioner.connect(
                        TopicSettings.builder()
                                .bootstrapServers(KAFKA.bootstrapServers())
                                .prefix(PREFIX)
                                .outputCompression("gzip")
                                .build())) {
            topics.apply();
        }
        produceInTransactions();
        install();

        ProcessBuilder consumer =
                new ProcessBuilder("node", "consumer.js").directory(WORK.toFile());
        consumer.environment().put("VIGIL_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        consumer.environment().put("VIGIL_REGISTRY_URL", REGISTRY.url());
        consumer.environment().put("VIGIL_TOPIC_PREFIX", PREFIX);
        consumer.environment().put("VIGIL_MAX_RECORDS", "3");
        consumer.environment().put("VIGIL_TIMEOUT_MS", "30000");
        List<String> lines = run(consumer, 45).lines().filter(l -> l.startsWith("{")).toList();

        List<String> seen = new ArrayList<>();
        for (String line : lines) {
            JsonNode record = new ObjectMapper().readTree(line);
            seen.add(
                    record.path("topic").asText()
                            + " "
                            + record.path("key").asText()
                            + " "
                            + record.path("value").path("sourceId").asText());
        }
        assertThat(seen)
                .as("what node printed: %s", lines)
                .containsExactlyInAnyOrder(
                        PREFIX + "alerts alert-1 cam-n",
                        PREFIX + "detections cam-n cam-n",
                        PREFIX + "detections cam-n cam-n");
    }

    /** Two detections and an alert committed, one detection aborted: the job's way of writing. */
    private static void produceInTransactions() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "node-it-" + System.nanoTime());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        SerdeSettings serde = SerdeSettings.builder().registryUrl(REGISTRY.url()).build();
        String alertsTopic = PREFIX + TopicCatalogue.ALERTS;
        Alert alert = sample(new Alert());
        alert.put("alertId", "alert-1");
        alert.put("sourceId", "cam-n");
        try (KafkaProducer<String, byte[]> producer =
                        new KafkaProducer<>(
                                config, new StringSerializer(), new ByteArraySerializer());
                ConfluentAvroSerializer<Detection> detections =
                        new ConfluentAvroSerializer<>(Detection.class, serde);
                ConfluentAvroSerializer<Alert> alerts =
                        new ConfluentAvroSerializer<>(Alert.class, serde)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(detection(detections, 1));
            producer.send(detection(detections, 2));
            producer.send(
                    new ProducerRecord<>(
                            alertsTopic, "alert-1", alerts.serialize(alertsTopic, alert)));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(detection(detections, 3));
            producer.flush();
            producer.abortTransaction();
        }
    }

    private static ProducerRecord<String, byte[]> detection(
            ConfluentAvroSerializer<Detection> serializer, long sequence) {
        Detection detection = sample(new Detection());
        detection.put("sourceId", "cam-n");
        detection.put("sequence", sequence);
        String topic = PREFIX + TopicCatalogue.DETECTIONS;
        return new ProducerRecord<>(topic, "cam-n", serializer.serialize(topic, detection));
    }

    /** {@code record} with a value in every field, whatever the schema's version holds. */
    private static <T extends SpecificRecordBase> T sample(T record) {
        for (Schema.Field field : record.getSchema().getFields()) {
            record.put(field.pos(), value(field.schema(), record));
        }
        return record;
    }

    private static Object value(Schema schema, SpecificRecordBase owner) {
        if (schema.getLogicalType() != null
                && schema.getLogicalType().getName().equals("timestamp-millis")) {
            return Instant.ofEpochMilli(1_700_000_000_000L);
        }
        return switch (schema.getType()) {
            case STRING -> "x";
            case LONG -> 1L;
            case INT -> 1;
            case FLOAT -> 0.5f;
            case DOUBLE -> 0.5;
            case BOOLEAN -> true;
            case BYTES -> ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8));
            case ARRAY -> List.of();
            case MAP -> Map.of();
            case UNION -> null;
            case ENUM -> owner.getSpecificData().createEnum(schema.getEnumSymbols().get(0), schema);
            case RECORD ->
                    sample((SpecificRecordBase) owner.getSpecificData().newRecord(null, schema));
            default -> throw new IllegalArgumentException("no sample for " + schema);
        };
    }

    /**
     * The example copied under target/ (node_modules stays out of the source tree), npm ci there.
     */
    private static void install() throws Exception {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "consumer.js")) {
            Files.copy(
                    EXAMPLE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        String output =
                run(
                        new ProcessBuilder(
                                        "npm",
                                        "ci",
                                        "--no-audit",
                                        "--no-fund",
                                        "--prefer-offline",
                                        "--cache",
                                        Path.of("target/npm-cache").toAbsolutePath().toString())
                                .directory(WORK.toFile()),
                        240);
        assertThat(WORK.resolve("node_modules/kafkajs")).as(output).isDirectory();
    }

    private static String run(ProcessBuilder builder, long timeoutSeconds) throws Exception {
        // Into a file, not a pipe: reading a pipe to its end would wait out a hung process.
        Path output = Files.createTempFile(WORK, "output", ".txt");
        Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(
                    builder.command()
                            + " ran past "
                            + timeoutSeconds
                            + " s: "
                            + Files.readString(output));
        }
        String text = Files.readString(output);
        assertThat(process.exitValue()).as("%s: %s", builder.command(), text).isZero();
        return text;
    }

    private static boolean runs(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

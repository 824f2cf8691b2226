package dev.vigil.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaITCase {

    @Test
    void producesAndConsumesThenRestartsWithTheSameData(@TempDir Path dir) throws Exception {
        long pid;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().workDir(dir).start()) {
            pid = kafka.pid();
            createAndSend(kafka, "probe", "hello");
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .isNotEqualTo(Optional.of(true));

        try (EmbeddedKafka again = EmbeddedKafka.builder().workDir(dir).start()) {
            assertThat(readAll(again, "probe")).containsExactly("hello");
            assertThat(Files.readString(again.logFile())).contains("Kafka Server started");
        }
    }

    @Test
    void comesBackAfterKillNineOnThePortAndDataItHad(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().workDir(dir).start()) {
            createAndSend(kafka, "crash", "before");
            long pid = kafka.pid();
            int port = kafka.port();

            kafka.kill();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                    .isNotEqualTo(Optional.of(true));
            kafka.restart();

            assertThat(kafka.pid()).isNotEqualTo(pid);
            assertThat(kafka.port()).isEqualTo(port);
            assertThat(readAll(kafka, "crash")).containsExactly("before");
        }
    }

    private static Properties adminConfig(EmbeddedKafka kafka) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return config;
    }

    private static List<String> readAll(EmbeddedKafka kafka, String topic) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "probe-reader",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    return StreamSupport.stream(records.spliterator(), false)
                            .map(record -> record.value())
                            .toList();
                }
            }
            return List.of();
        }
    }

    /** Creates {@code topic} (one partition) and sends {@code value} to it, acknowledged. */
    private static void createAndSend(EmbeddedKafka kafka, String topic, String value)
            throws Exception {
        try (Admin admin = Admin.create(adminConfig(kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        new StringSerializer(),
                        new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "camera-1", value)).get();
        }
    }
}

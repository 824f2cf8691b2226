package dev.vigil.job.testing;

import dev.vigil.job.JobOptions;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.serde.ConfluentAvroDeserializer;
import dev.vigil.schemas.serde.ConfluentAvroSerializer;
import dev.vigil.schemas.serde.SerdeSettings;
import dev.vigil.topics.TopicCatalogue;
import dev.vigil.topics.TopicProvisioner;
import dev.vigil.topics.TopicSettings;
import dev.vigil.topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The job's topics on one Kafka cluster and schema registry, seen from outside the job: created
 * under a prefix, fed with frames, read back, and the options that point a job at them. The
 * pipeline tests and the load harness share it; the job itself reads only {@link JobOptions}.
 */
public final class JobTopics {
    private final String bootstrapServers;
    private final String registryUrl;
    private final String prefix;

    public JobTopics(String bootstrapServers, String registryUrl, String prefix) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.prefix = prefix;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String prefix() {
        return prefix;
    }

    /** The full name of a catalogue topic, e.g. {@code name(TopicCatalogue.FRAMES)}. */
    public String name(String catalogueName) {
        return prefix + catalogueName;
    }

    /** Applies the topic catalogue under the prefix; a second call changes nothing. */
    public JobTopics create() {
        try (TopicProvisioner topics = TopicProvisioner.connect(topicSettings())) {
            topics.apply();
        }
        return this;
    }

    /** Deletes the catalogue's topics under the prefix, e.g. after a load run. */
    public void delete() {
        List<String> names =
                TopicCatalogue.vigil(topicSettings()).topics().stream()
                        .map(TopicSpec::name)
                        .toList();
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.deleteTopics(names).all().get(1, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Could not delete topics " + names + " on " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while deleting topics " + names, e);
        }
    }

    /**
     * The options that point a job at these topics and this registry, with a consumer group and
     * transactional ids of its own derived from {@code jobName}: the same name again continues from
     * the same committed offsets.
     */
    public Configuration jobOptions(String jobName) {
        Configuration options = new Configuration();
        options.set(JobOptions.BOOTSTRAP_SERVERS, bootstrapServers);
        options.set(JobOptions.REGISTRY_URL, registryUrl);
        options.set(JobOptions.TOPIC_PREFIX, prefix);
        options.set(JobOptions.GROUP_ID, prefix + jobName);
        options.set(JobOptions.TRANSACTION_PREFIX, prefix + jobName);
        return options;
    }

    public SerdeSettings serde() {
        return SerdeSettings.builder().registryUrls(List.of(registryUrl)).build();
    }

    /** A producer of frames in the Confluent wire format, allowed raw frames up to 8 MiB. */
    public KafkaProducer<String, Frame> frameProducer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(TopicCatalogue.frameProducerSettings());
        return new KafkaProducer<>(
                config,
                new StringSerializer(),
                new ConfluentAvroSerializer<>(Frame.class, serde()));
    }

    /** A producer of one of the job's record types, keyed by string, in the Confluent format. */
    public <T extends SpecificRecord> KafkaProducer<String, T> producer(Class<T> type) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(
                config, new StringSerializer(), new ConfluentAvroSerializer<>(type, serde()));
    }

    /**
     * A consumer of one of the job's record types under a group of its own, from the earliest
     * offset unless the caller seeks. Subscribe or assign it yourself.
     *
     * @param committedOnly read_committed, as the job's readers should (detections are written in
     *     transactions committed on checkpoints); false shows records as soon as they are written
     */
    public <T extends SpecificRecord> KafkaConsumer<String, T> reader(
            Class<T> type, boolean committedOnly) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                committedOnly ? "read_committed" : "read_uncommitted");
        return new KafkaConsumer<>(
                config, new StringDeserializer(), new ConfluentAvroDeserializer<>(type, serde()));
    }

    private TopicSettings topicSettings() {
        return TopicSettings.builder().bootstrapServers(bootstrapServers).prefix(prefix).build();
    }
}

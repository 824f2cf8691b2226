package dev.vigil.cli;

import dev.vigil.schemas.SourceConfig;
import dev.vigil.schemas.serde.BadRecordException;
import dev.vigil.schemas.serde.ConfluentAvroCodec;
import dev.vigil.schemas.serde.ConfluentAvroSerializer;
import dev.vigil.schemas.sources.SourceConfigCheck;
import dev.vigil.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil sources set|get|list|delete}: the per-source configs on the compacted sources topic,
 * which the running job applies within seconds. {@code set} checks a config with the job's own
 * check before it produces anything.
 */
@Command(
        name = "sources",
        mixinStandardHelpOptions = true,
        subcommands = {
            SourcesCommand.Set.class,
            SourcesCommand.Get.class,
            SourcesCommand.ListSources.class,
            SourcesCommand.Delete.class
        },
        description =
                "Per-source rules, zones, watchlist and pipeline on the sources topic; '"
                        + SourceConfigCheck.DEFAULTS_KEY
                        + "' is the fleet defaults.")
final class SourcesCommand {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Command(name = "set", description = "Check a YAML or JSON config and produce it for a source.")
    static final class Set implements Callable<Integer> {
        @Mixin KafkaEndpoint kafka;

        @Parameters(index = "0", description = "Source id, or '*' for the fleet defaults.")
        String sourceId;

        @Option(
                names = "--file",
                required = true,
                description = "The config: .yaml, .yml or .json (see README, 'Per-source config').")
        Path file;

        @Override
        public Integer call() {
            SourceConfig config = SourceConfigText.read(file);
            List<String> problems = SourceConfigCheck.problems(sourceId, config, null);
            if (!problems.isEmpty()) {
                throw new CliException(
                        file
                                + " is not a valid config for '"
                                + sourceId
                                + "'; nothing was produced:\n  "
                                + String.join("\n  ", problems));
            }
            RecordMetadata written = produce(kafka, sourceId, config);
            System.out.println(
                    "Set the config of '"
                            + sourceId
                            + "': "
                            + summary(config)
                            + " ("
                            + written.topic()
                            + " partition "
                            + written.partition()
                            + ", offset "
                            + written.offset()
                            + ").");
            return 0;
        }
    }

    @Command(name = "get", description = "Print a source's config as JSON (which 'set' takes).")
    static final class Get implements Callable<Integer> {
        @Mixin KafkaEndpoint kafka;

        @Parameters(index = "0", description = "Source id, or '*' for the fleet defaults.")
        String sourceId;

        @Override
        public Integer call() {
            SourceConfig config = readAll(kafka).get(sourceId);
            if (config == null) {
                throw new CliException(
                        "'"
                                + sourceId
                                + "' has no config of its own: it follows "
                                + (sourceId.equals(SourceConfigCheck.DEFAULTS_KEY)
                                        ? "the job's options"
                                        : "'*' if set, else the job's options"));
            }
            System.out.println(SourceConfigText.write(config));
            return 0;
        }
    }

    @Command(name = "list", description = "List the sources that have a config, one a line.")
    static final class ListSources implements Callable<Integer> {
        @Mixin KafkaEndpoint kafka;

        @Override
        public Integer call() {
            Map<String, SourceConfig> configs = readAll(kafka);
            if (configs.isEmpty()) {
                System.out.println("No source has a config: all follow the job's options.");
            }
            configs.forEach((id, config) -> System.out.println(id + "\t" + summary(config)));
            return 0;
        }
    }

    @Command(
            name = "delete",
            description = "Remove a source's config (a tombstone): it follows the defaults again.")
    static final class Delete implements Callable<Integer> {
        @Mixin KafkaEndpoint kafka;

        @Parameters(index = "0", description = "Source id, or '*' for the fleet defaults.")
        String sourceId;

        @Override
        public Integer call() {
            produce(kafka, sourceId, null);
            System.out.println(
                    "Deleted the config of '" + sourceId + "': it follows the defaults again.");
            return 0;
        }
    }

    static String summary(SourceConfig config) {
        return (config.getEnabled() ? "enabled" : "disabled")
                + ", pipeline "
                + (config.getPipeline() == null ? "(default)" : config.getPipeline())
                + ", rules "
                + config.getRules().stream()
                        .map(rule -> rule.getName() + ":" + rule.getKind())
                        .toList()
                + ", zones "
                + config.getZones().stream().map(zone -> zone.getName()).toList()
                + ", watchlist "
                + config.getWatchlist().size();
    }

    /** Writes {@code config} (null: a tombstone) under {@code key} and waits for the broker. */
    static RecordMetadata produce(KafkaEndpoint kafka, String key, SourceConfig config) {
        kafka.requireTopics(List.of(TopicCatalogue.SOURCES));
        kafka.requireRegistry();
        Map<String, Object> settings = kafka.clientConfig();
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, SourceConfig> producer =
                new KafkaProducer<>(
                        settings,
                        new StringSerializer(),
                        new ConfluentAvroSerializer<>(SourceConfig.class, kafka.serde()))) {
            return producer.send(
                            new ProducerRecord<>(kafka.topic(TopicCatalogue.SOURCES), key, config))
                    .get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new CliException(kafka.unreachable() + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted while producing the config of '" + key + "'");
        }
    }

    /**
     * The latest config of every key, read from the beginning of the topic to its end as it is now
     * (compaction may not have run yet: a later record of a key replaces an earlier one, a
     * tombstone removes it). A record that does not decode or fails the check is skipped, as the
     * job dead-letters it.
     */
    private static Map<String, SourceConfig> readAll(KafkaEndpoint kafka) {
        kafka.requireTopics(List.of(TopicCatalogue.SOURCES));
        kafka.requireRegistry();
        String topic = kafka.topic(TopicCatalogue.SOURCES);
        Map<String, Object> settings = kafka.clientConfig();
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        ConfluentAvroCodec<SourceConfig> codec =
                ConfluentAvroCodec.create(SourceConfig.class, kafka.serde());
        Map<String, SourceConfig> latest = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(
                        settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new CliException(
                            "Could not read " + topic + " to its end within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() == null) {
                        continue;
                    }
                    if (record.value() == null) {
                        latest.remove(record.key());
                        continue;
                    }
                    try {
                        SourceConfig config = codec.decode(topic, record.value());
                        // As the job: a config that fails the check changes nothing.
                        if (SourceConfigCheck.problems(record.key(), config, null).isEmpty()) {
                            latest.put(record.key(), config);
                        }
                    } catch (BadRecordException e) {
                        System.err.println(
                                "Skipped the record of '"
                                        + record.key()
                                        + "' at offset "
                                        + record.offset()
                                        + ": "
                                        + e.getMessage());
                    }
                }
            }
        }
        return latest;
    }
}

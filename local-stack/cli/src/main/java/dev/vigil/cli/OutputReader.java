package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.serde.ConfluentAvroDeserializer;
import dev.vigil.topics.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what the job wrote — detections, alerts, dead letters — and, where asked, the frames
 * themselves, decoding each record by its topic. Reads committed records only, as a downstream
 * consumer of the exactly-once detections must. No consumer group: every reader sees everything.
 * Not thread-safe: one thread polls.
 */
final class OutputReader implements AutoCloseable {
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);

    /** Told about each record; a record it cannot decode is reported on standard error. */
    interface Listener {
        default void frame(Frame frame) {}

        default void detection(Detection detection) {}

        default void alert(Alert alert) {}

        default void deadLetter(DeadLetter deadLetter) {}

        /** Tells each of {@code listeners}, in order. */
        static Listener all(Listener... listeners) {
            return new Listener() {
                @Override
                public void frame(Frame frame) {
                    for (Listener listener : listeners) {
                        listener.frame(frame);
                    }
                }

                @Override
                public void detection(Detection detection) {
                    for (Listener listener : listeners) {
                        listener.detection(detection);
                    }
                }

                @Override
                public void alert(Alert alert) {
                    for (Listener listener : listeners) {
                        listener.alert(alert);
                    }
                }

                @Override
                public void deadLetter(DeadLetter deadLetter) {
                    for (Listener listener : listeners) {
                        listener.deadLetter(deadLetter);
                    }
                }
            };
        }
    }

    private final KafkaEndpoint kafka;
    private final KafkaConsumer<String, byte[]> consumer;
    private final ConfluentAvroDeserializer<Frame> frames;
    private final ConfluentAvroDeserializer<Detection> detections;
    private final ConfluentAvroDeserializer<Alert> alerts;
    private final ConfluentAvroDeserializer<DeadLetter> deadLetters;
    private Map<TopicPartition, Long> alertsEnd = Map.of();
    private List<TopicPartition> heldBack = List.of();

    private OutputReader(KafkaEndpoint kafka) {
        this.kafka = kafka;
        Map<String, Object> config = kafka.clientConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.frames = new ConfluentAvroDeserializer<>(Frame.class, kafka.serde());
        this.detections = new ConfluentAvroDeserializer<>(Detection.class, kafka.serde());
        this.alerts = new ConfluentAvroDeserializer<>(Alert.class, kafka.serde());
        this.deadLetters = new ConfluentAvroDeserializer<>(DeadLetter.class, kafka.serde());
    }

    /**
     * A reader of the output topics (and the frames topic where {@code withFrames}), from their end
     * as of now — or from their beginning.
     *
     * @throws CliException if the broker does not answer or a topic is missing
     */
    static OutputReader open(KafkaEndpoint kafka, boolean withFrames, boolean fromBeginning) {
        List<String> topics =
                new ArrayList<>(
                        List.of(
                                TopicCatalogue.DETECTIONS,
                                TopicCatalogue.ALERTS,
                                TopicCatalogue.FRAMES_DLQ));
        if (withFrames) {
            topics.add(TopicCatalogue.FRAMES);
        }
        return open(kafka, topics, fromBeginning);
    }

    /** A reader of the catalogue's topics {@code names} (without the prefix). */
    static OutputReader open(KafkaEndpoint kafka, List<String> names, boolean fromBeginning) {
        OutputReader reader = new OutputReader(kafka);
        try {
            reader.assign(names, fromBeginning);
            return reader;
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Polls once, for at most {@code timeout}, and tells {@code listener} what arrived. */
    void poll(Duration timeout, Listener listener) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            try {
                dispatch(record, listener);
            } catch (RuntimeException e) {
                System.err.printf(
                        "vigil: skipped the record at %s-%d offset %d, which does not decode: %s%n",
                        record.topic(), record.partition(), record.offset(), e.getMessage());
            }
        }
        if (!heldBack.isEmpty()
                && alertsEnd.entrySet().stream()
                        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
            consumer.resume(heldBack);
            heldBack = List.of();
        }
    }

    /**
     * Reads the alerts up to their end as of now before any other topic. A reader catching up on a
     * backlog then learns which frames were alerted before it reads them; Kafka would otherwise
     * hand out the topics' records in no set order, and an alert read after many newer frames of
     * its source would find its frame dropped by a reader that keeps only the latest.
     */
    void alertsFirst() {
        String alerts = kafka.topic(TopicCatalogue.ALERTS);
        List<TopicPartition> others = new ArrayList<>();
        List<TopicPartition> alertPartitions = new ArrayList<>();
        for (TopicPartition partition : consumer.assignment()) {
            (partition.topic().equals(alerts) ? alertPartitions : others).add(partition);
        }
        alertsEnd = consumer.endOffsets(alertPartitions, METADATA_TIMEOUT);
        consumer.pause(others);
        heldBack = others;
    }

    private void dispatch(ConsumerRecord<String, byte[]> record, Listener listener) {
        String topic = record.topic();
        if (topic.equals(kafka.topic(TopicCatalogue.DETECTIONS))) {
            listener.detection(detections.deserialize(topic, record.value()));
        } else if (topic.equals(kafka.topic(TopicCatalogue.ALERTS))) {
            listener.alert(alerts.deserialize(topic, record.value()));
        } else if (topic.equals(kafka.topic(TopicCatalogue.FRAMES_DLQ))) {
            listener.deadLetter(deadLetters.deserialize(topic, record.value()));
        } else {
            listener.frame(frames.deserialize(topic, record.value()));
        }
    }

    private void assign(List<String> topics, boolean fromBeginning) {
        kafka.requireTopics(topics);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String name : topics) {
            String topic = kafka.topic(name);
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            } catch (TimeoutException e) {
                throw new CliException(kafka.unreachable());
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        // Seeks are lazy: resolve them now, so that records written from here on are read.
        partitions.forEach(consumer::position);
    }

    @Override
    public void close() {
        consumer.close();
        frames.close();
        detections.close();
        alerts.close();
        deadLetters.close();
    }
}

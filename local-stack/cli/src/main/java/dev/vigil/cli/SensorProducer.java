package dev.vigil.cli;

import dev.vigil.schemas.SensorReading;
import dev.vigil.schemas.serde.ConfluentAvroSerializer;
import dev.vigil.topics.TopicCatalogue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a {@link SensorFleet}'s readings to the sensor readings topic, machines interleaved, paced
 * at the sensors' sample rate times {@code speed} (0: as fast as the broker takes them). Capture
 * times are the samples' own: one millisecond a sample from {@code start}.
 */
final class SensorProducer {
    private final KafkaEndpoint kafka;

    SensorProducer(KafkaEndpoint kafka) {
        this.kafka = kafka;
    }

    /**
     * Sends {@code readings} readings of every machine, sequences from {@code firstSequence};
     * returns how many in all.
     */
    long run(
            List<SensorFleet.Machine> fleet,
            long readings,
            double speed,
            Instant start,
            long firstSequence)
            throws InterruptedException {
        kafka.requireTopics(List.of(TopicCatalogue.SENSOR_READINGS));
        String topic = kafka.topic(TopicCatalogue.SENSOR_READINGS);
        long nanosPerReading = speed <= 0 ? 0 : (long) (1e9 * SensorFleet.BLOCK / 1000 / speed);
        long began = System.nanoTime();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, SensorReading> producer = producer()) {
            for (long seq = 0; seq < readings; seq++) {
                long due = began + seq * nanosPerReading;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                for (SensorFleet.Machine machine : fleet) {
                    SensorReading reading = reading(machine, seq, firstSequence + seq, start);
                    sent.add(
                            producer.send(
                                    new ProducerRecord<>(topic, machine.sourceId(), reading)));
                }
            }
        }
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new CliException(
                        "The broker at "
                                + kafka.bootstrapServers
                                + " did not take a reading for '"
                                + topic
                                + "': "
                                + e.getCause().getMessage());
            }
        }
        return sent.size();
    }

    private static SensorReading reading(
            SensorFleet.Machine machine, long index, long seq, Instant start) {
        float[] block = machine.signal().next(SensorFleet.BLOCK);
        List<Float> samples = new ArrayList<>(block.length);
        for (float v : block) {
            samples.add(v);
        }
        return SensorReading.newBuilder()
                .setSourceId(machine.sourceId())
                .setSequence(seq)
                .setCaptureTime(start.plusMillis((index + 1) * SensorFleet.BLOCK))
                .setChannels(1)
                .setSamples(samples)
                .setAttributes(Map.of("unit", "g"))
                .build();
    }

    private KafkaProducer<String, SensorReading> producer() {
        Map<String, Object> config = kafka.clientConfig();
        config.putAll(TopicCatalogue.frameProducerSettings());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(
                config,
                new StringSerializer(),
                new ConfluentAvroSerializer<>(SensorReading.class, kafka.serde()));
    }
}

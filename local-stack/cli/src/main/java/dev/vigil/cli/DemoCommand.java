package dev.vigil.cli;

import dev.vigil.schemas.Frame;
import dev.vigil.schemas.serde.ConfluentAvroDeserializer;
import dev.vigil.schemas.serde.ConfluentAvroSerializer;
import dev.vigil.schemas.serde.SerdeSettings;
import dev.vigil.stack.embedded.EmbeddedKafka;
import dev.vigil.stack.embedded.EmbeddedRegistry;
import dev.vigil.topics.TopicCatalogue;
import dev.vigil.topics.TopicProvisioner;
import dev.vigil.topics.TopicSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil demo}: the embedded local stack end to end, as far as the project reaches today. It
 * starts a real Kafka broker and schema registry, applies the topic catalogue, produces frames from
 * synthetic cameras in the Confluent wire format and reads every one of them back.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the local stack: broker + registry + topics, produce frames from synthetic"
                        + " cameras and read them back. Ends with a summary line.")
final class DemoCommand implements Callable<Integer> {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @Option(
            names = "--cameras",
            defaultValue = "3",
            description = "Synthetic cameras (${DEFAULT-VALUE}).")
    int cameras;

    @Option(
            names = "--frames",
            defaultValue = "60",
            description = "Frames in all (${DEFAULT-VALUE}).")
    int frames;

    @Option(
            names = "--fps",
            defaultValue = "15",
            description = "Frames per second per camera (${DEFAULT-VALUE}).")
    int fps;

    @Option(
            names = "--work-dir",
            defaultValue = ".vigil/demo",
            description = "Where the broker and registry keep data and logs (${DEFAULT-VALUE}).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        say("starting a Kafka broker (KRaft) and a schema registry on 127.0.0.1 ...");
        try (EmbeddedKafka kafka =
                        EmbeddedKafka.builder().workDir(workDir.resolve("kafka")).start();
                EmbeddedRegistry registry =
                        EmbeddedRegistry.builder().workDir(workDir.resolve("registry")).start()) {
            say("kafka    " + kafka.bootstrapServers() + "   log " + kafka.logFile());
            say("registry " + registry.url() + "   log " + registry.logFile());

            try (TopicProvisioner topics =
                    TopicProvisioner.connect(
                            TopicSettings.builder()
                                    .bootstrapServers(kafka.bootstrapServers())
                                    .build())) {
                say("topics:\n" + topics.apply().render());
            }

            SerdeSettings serde = SerdeSettings.builder().registryUrl(registry.url()).build();
            Map<TopicPartition, Long> start = endOffsets(kafka, serde);
            Map<String, Long> sent = produce(kafka, serde);
            Map<String, List<Long>> read = readBack(kafka, serde, start, total(sent));

            long lost = 0;
            for (Map.Entry<String, Long> camera : sent.entrySet()) {
                List<Long> sequences = read.getOrDefault(camera.getKey(), List.of());
                lost += camera.getValue() - sequences.size();
                if (!isInOrder(sequences)) {
                    say("frames of " + camera.getKey() + " arrived out of order: " + sequences);
                    lost++;
                }
            }
            say(
                    "the inference job (flink-job) is not in this build yet: this demo covers the"
                        + " broker, the registry, the topic catalogue and the Avro wire format.");
            System.out.printf(
                    "demo: frames=%d read=%d sources=%d lost=%d%n",
                    total(sent), read.values().stream().mapToLong(List::size).sum(), cameras, lost);
            return lost == 0 ? 0 : 1;
        }
    }

    private Map<String, Long> produce(EmbeddedKafka kafka, SerdeSettings serde) throws Exception {
        List<SyntheticCamera> fleet = new ArrayList<>();
        for (int i = 1; i <= cameras; i++) {
            fleet.add(new SyntheticCamera("yard/cam-" + i, 640, 480));
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        Map<String, Long> sent = new HashMap<>();
        long frameInterval = 1000L / Math.max(1, fps);
        try (KafkaProducer<String, Frame> producer =
                new KafkaProducer<>(
                        config,
                        new StringSerializer(),
                        new ConfluentAvroSerializer<>(Frame.class, serde))) {
            for (long sequence = 0; total(sent) < frames; sequence++) {
                long tick = System.currentTimeMillis();
                for (SyntheticCamera camera : fleet) {
                    if (total(sent) == frames) {
                        break;
                    }
                    Frame frame = camera.frame(sequence, Instant.now());
                    producer.send(
                            new ProducerRecord<>(TopicCatalogue.FRAMES, camera.sourceId(), frame));
                    sent.merge(camera.sourceId(), 1L, Long::sum);
                }
                Thread.sleep(Math.max(0, frameInterval - (System.currentTimeMillis() - tick)));
            }
            producer.flush();
        }
        say(
                "produced "
                        + total(sent)
                        + " JPEG frames from "
                        + fleet.size()
                        + " cameras to '"
                        + TopicCatalogue.FRAMES
                        + "'");
        return sent;
    }

    /**
     * Where the frames topic ends now, so a rerun on the same work dir reads only its own frames.
     */
    private static Map<TopicPartition, Long> endOffsets(EmbeddedKafka kafka, SerdeSettings serde) {
        try (KafkaConsumer<String, Frame> consumer = consumer(kafka, serde)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(TopicCatalogue.FRAMES).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            return consumer.endOffsets(partitions);
        }
    }

    private static Map<String, List<Long>> readBack(
            EmbeddedKafka kafka,
            SerdeSettings serde,
            Map<TopicPartition, Long> start,
            long expected) {
        Map<String, List<Long>> sequences = new HashMap<>();
        try (KafkaConsumer<String, Frame> consumer = consumer(kafka, serde)) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            long read = 0;
            while (read < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Frame> record : consumer.poll(Duration.ofMillis(200))) {
                    sequences
                            .computeIfAbsent(record.key(), k -> new ArrayList<>())
                            .add(record.value().getSequence());
                    read++;
                }
            }
        }
        return sequences;
    }

    private static KafkaConsumer<String, Frame> consumer(EmbeddedKafka kafka, SerdeSettings serde) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(
                config,
                new StringDeserializer(),
                new ConfluentAvroDeserializer<>(Frame.class, serde));
    }

    private static boolean isInOrder(List<Long> sequences) {
        for (int i = 1; i < sequences.size(); i++) {
            if (sequences.get(i) <= sequences.get(i - 1)) {
                return false;
            }
        }
        return true;
    }

    private static long total(Map<String, Long> sent) {
        return sent.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void say(String line) {
        System.out.println("demo: " + line);
    }
}

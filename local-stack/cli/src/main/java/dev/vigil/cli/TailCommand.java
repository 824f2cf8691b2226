package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Detection;
import dev.vigil.topics.TopicCatalogue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil tail detections|alerts|dlq}: what Kafka's console consumer would show, decoded. The
 * console tools are not in the build (they are {@code org.apache.kafka:kafka-tools}, README), and
 * they print Avro bytes; this reads through the registry, committed records only.
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description =
                "Print the records of one output topic (detections, alerts or dlq) as Avro JSON,"
                        + " one per line, decoded through the schema registry; committed records"
                        + " only (read_committed), as a downstream consumer reads them.")
final class TailCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(500);

    /** The topics it reads, by the names a user types. */
    enum Topic {
        DETECTIONS(TopicCatalogue.DETECTIONS),
        ALERTS(TopicCatalogue.ALERTS),
        DLQ(TopicCatalogue.FRAMES_DLQ);

        final String catalogueName;

        Topic(String catalogueName) {
            this.catalogueName = catalogueName;
        }
    }

    @Mixin KafkaEndpoint kafka;

    @Parameters(
            paramLabel = "TOPIC",
            description = "detections, alerts or dlq (the dead letters, frames.dlq).")
    Topic topic;

    @Option(
            names = "--from-beginning",
            description = "Start at the beginning of the topic, not at its end.")
    boolean fromBeginning;

    @Option(
            names = "--max",
            defaultValue = "0",
            description = "Stop after this many records (default: follow until interrupted).")
    long max;

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            description = "Stop after this long, e.g. 30s (default: follow until interrupted).")
    Duration duration;

    private long printed;

    @Override
    public Integer call() {
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        OutputReader.Listener printer =
                new OutputReader.Listener() {
                    @Override
                    public void detection(Detection detection) {
                        print(detection);
                    }

                    @Override
                    public void alert(Alert alert) {
                        print(alert);
                    }

                    @Override
                    public void deadLetter(DeadLetter deadLetter) {
                        print(deadLetter);
                    }
                };
        try (OutputReader reader =
                OutputReader.open(kafka, List.of(topic.catalogueName), fromBeginning)) {
            while ((max <= 0 || printed < max) && System.nanoTime() < deadline) {
                reader.poll(POLL, printer);
            }
        }
        return 0;
    }

    private void print(SpecificRecord record) {
        // One poll may bring more than --max asks for.
        if (max <= 0 || printed < max) {
            System.out.println(AvroJson.of(record));
            printed++;
        }
    }
}

package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.NormalizedBox;
import dev.vigil.schemas.serde.ConfluentAvroSerializer;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import dev.vigil.topics.TopicCatalogue;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil produce} from a directory of images, and {@code vigil alerts} reading an alert about
 * one of those frames back (no job here: the alert is written as the job would), on the real broker
 * and registry.
 */
class ProduceAlertsCommandITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    private static final String PREFIX = "produce-it.";

    @TempDir Path work;

    @Test
    void producesImagesAndFollowsAnAlertOntoItsFrame() throws Exception {
        String[] endpoint = {
            "--bootstrap-servers=" + KAFKA.bootstrapServers(),
            "--registry-url=" + REGISTRY.url(),
            "--prefix=" + PREFIX
        };
        CliRun.succeed("topics", "apply", endpoint[0], endpoint[2]);
        Path images = Files.createDirectories(work.resolve("gate"));
        for (long i = 0; i < 2; i++) {
            BufferedImage scene = new SyntheticCamera("gate", 320, 240).render(i).image();
            ImageIO.write(scene, "png", images.resolve("frame-" + i + ".png").toFile());
        }

        String produced =
                CliRun.succeed(
                        concat(
                                endpoint,
                                "produce",
                                "--images=" + images,
                                "--source=gate/cam-9",
                                "--frames=3",
                                "--fps=20"));
        assertThat(produced).contains("produced 3 frames to 'produce-it.frames': {gate/cam-9=3}");

        writeAlert(2);
        Path render = work.resolve("render");
        String followed =
                CliRun.succeed(
                        concat(
                                endpoint,
                                "alerts",
                                "--from-beginning",
                                "--json",
                                "--max=1",
                                "--render=" + render));
        assertThat(followed)
                .contains("\"sourceId\":\"gate/cam-9\"")
                .contains("\"lastSequence\":2")
                .contains("rendered " + render.resolve("gate_cam-9-000002-alert-it.png"));
    }

    @Test
    void saysWhichBrokerItCannotReachAndWhichTopicIsMissing() {
        String registry = "--registry-url=" + REGISTRY.url();
        assertThat(
                        CliRun.fail(
                                "produce",
                                "--bootstrap-servers=127.0.0.1:1",
                                registry,
                                "--frames=1"))
                .contains("Cannot reach Kafka at 127.0.0.1:1");
        assertThat(
                        CliRun.fail(
                                "alerts",
                                "--bootstrap-servers=" + KAFKA.bootstrapServers(),
                                registry,
                                "--prefix=nowhere.",
                                "--max=1"))
                .contains("No topic [nowhere.detections, nowhere.alerts, nowhere.frames.dlq]")
                .contains("'vigil topics apply --prefix nowhere.'");
    }

    private static void writeAlert(long sequence) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        KafkaEndpoint endpoint = new KafkaEndpoint(KAFKA.bootstrapServers(), REGISTRY.url(), "");
        try (KafkaProducer<String, Alert> producer =
                new KafkaProducer<>(
                        config,
                        new StringSerializer(),
                        new ConfluentAvroSerializer<>(Alert.class, endpoint.serde()))) {
            Alert alert =
                    Alert.newBuilder()
                            .setAlertId("alert-it-0001")
                            .setSourceId("gate/cam-9")
                            .setRule("object-persists")
                            .setLabel("text")
                            .setTrackId(1)
                            .setFirstSequence(0)
                            .setLastSequence(sequence)
                            .setScore(0.9f)
                            .setBox(new NormalizedBox(0.05f, 0.05f, 0.5f, 0.2f))
                            .setModelVersion("ppocr-det@4")
                            .setEmittedTime(Instant.now())
                            .build();
            producer.send(
                    new ProducerRecord<>(
                            PREFIX + TopicCatalogue.ALERTS, alert.getAlertId(), alert));
        }
    }

    private static String[] concat(String[] endpoint, String command, String... options) {
        String[] args = new String[1 + endpoint.length + options.length];
        args[0] = command;
        System.arraycopy(endpoint, 0, args, 1, endpoint.length);
        System.arraycopy(options, 0, args, 1 + endpoint.length, options.length);
        return args;
    }
}

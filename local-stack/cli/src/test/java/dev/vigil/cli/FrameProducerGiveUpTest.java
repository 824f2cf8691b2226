package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.stack.embedded.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** What {@code vigil produce} says when it gives up: exactly the frames not acknowledged. */
class FrameProducerGiveUpTest {
    @Test
    void namesEveryUnacknowledgedFrameAsRunsPerSource() {
        Deliveries deliveries = new Deliveries();
        List<Callback> callbacks = new ArrayList<>();
        for (String source : List.of("yard/cam-2", "yard/cam-1")) {
            for (long sequence = 10; sequence < 18; sequence++) {
                callbacks.add(deliveries.sent(new FrameKey(source, sequence)));
            }
        }
        // cam-2 10..17 then cam-1 10..17: acknowledge cam-2 10, 11, 15 and cam-1 10..14, 16.
        for (int i : new int[] {0, 1, 5, 8, 9, 10, 11, 12, 14}) {
            callbacks.get(i).onCompletion(null, null);
        }
        callbacks.get(15).onCompletion(null, new TimeoutException("expired"));

        assertThat(deliveries.acknowledged()).isEqualTo(9);
        assertThat(deliveries.waiting()).isEqualTo(7);
        assertThat(deliveries.failure()).hasMessage("expired");
        assertThat(deliveries.describeUnacknowledged())
                .isEqualTo("yard/cam-1 15, 17; yard/cam-2 12-14, 16-17");
    }

    @Test
    void givesUpOnABrokerThatNeverAnswersAndNamesTheFrameItWaitedFor() {
        KafkaEndpoint nowhere =
                new KafkaEndpoint(
                        "127.0.0.1:" + FreePorts.next(), KafkaEndpoint.DEFAULT_REGISTRY_URL, "");
        FrameProducer producer = new FrameProducer(nowhere);
        Duration giveUp = Duration.ofSeconds(2);
        long start = System.nanoTime();

        assertThatThrownBy(
                        () ->
                                producer.send(
                                        producer.producer(giveUp),
                                        ProduceCommand.syntheticCameras(2, "320x240"),
                                        new FrameProducer.Plan(5, 10, null, 7, giveUp),
                                        new FrameProducer.Progress() {
                                            @Override
                                            public void update(
                                                    long sent, long acknowledged, long total) {}

                                            @Override
                                            public void note(String line) {}
                                        }))
                .isInstanceOfSatisfying(
                        CliException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(FrameProducer.GAVE_UP))
                .hasMessageContaining(
                        "Kafka at " + nowhere.bootstrapServers + " did not acknowledge 1 of the 1")
                .hasMessageContaining("not present in metadata after 2000 ms")
                .hasMessageContaining("Not acknowledged, so possibly missing: yard/cam-1 7.");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}

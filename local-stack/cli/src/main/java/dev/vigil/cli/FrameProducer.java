package dev.vigil.cli;

import dev.vigil.schemas.Frame;
import dev.vigil.schemas.serde.ConfluentAvroSerializer;
import dev.vigil.topics.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends the frames of several sources to the frames topic at a fixed rate per source: each tick
 * sends one frame of every source, with sequence numbers from 0, keyed by source id as the job
 * expects. Ticks follow a fixed schedule, so a slow tick is caught up rather than lost.
 */
final class FrameProducer {
    /**
     * How much to send: {@code fps} per source, until {@code frames} in all (when positive) or for
     * {@code duration} (when given), whichever comes first; without either, until interrupted. Each
     * source's sequence numbers start at {@code firstSequence}.
     */
    record Plan(double fps, long frames, Duration duration, long firstSequence) {
        Plan {
            if (!(fps > 0)) {
                throw new CliException("--fps must be positive, not " + fps);
            }
        }

        /** Frames in all, or -1 where only the duration bounds it. */
        long total(int sources) {
            long byDuration =
                    duration == null
                            ? Long.MAX_VALUE
                            : sources * (long) Math.ceil(duration.toMillis() * fps / 1000.0);
            long limit = Math.min(frames > 0 ? frames : Long.MAX_VALUE, byDuration);
            return limit == Long.MAX_VALUE ? -1 : limit;
        }
    }

    /** Told after every tick: frames sent so far and acknowledged by the broker. */
    interface Progress {
        void update(long sent, long acknowledged, long total);
    }

    private final KafkaEndpoint kafka;

    FrameProducer(KafkaEndpoint kafka) {
        this.kafka = kafka;
    }

    /**
     * Sends frames as planned and waits for the broker to acknowledge every one.
     *
     * @return frames sent per source, each with sequences {@code firstSequence .. firstSequence + n
     *     - 1}
     * @throws CliException if the broker does not take a frame
     */
    Map<String, Long> run(List<FrameSource> sources, Plan plan, Progress progress) {
        kafka.requireTopics(List.of(TopicCatalogue.FRAMES));
        long total = plan.total(sources.size());
        long tickNanos = (long) (1e9 / plan.fps());
        Map<String, Long> sent = new LinkedHashMap<>();
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, Frame> producer = producer()) {
            long count = 0;
            for (long tick = 0; total < 0 || count < total; tick++) {
                long sequence = plan.firstSequence() + tick;
                for (FrameSource source : sources) {
                    if (count == total) {
                        break;
                    }
                    Frame frame = source.frame(sequence, Instant.now());
                    producer.send(
                            new ProducerRecord<>(
                                    kafka.topic(TopicCatalogue.FRAMES), source.sourceId(), frame),
                            (metadata, error) -> {
                                if (error == null) {
                                    acknowledged.incrementAndGet();
                                } else {
                                    failure.compareAndSet(null, error);
                                }
                            });
                    sent.merge(source.sourceId(), 1L, Long::sum);
                    count++;
                }
                throwIfFailed(failure.get());
                progress.update(count, acknowledged.get(), total);
                sleepUntil(start + (tick + 1) * tickNanos);
            }
            producer.flush();
            throwIfFailed(failure.get());
            progress.update(count, acknowledged.get(), total);
        } catch (TimeoutException e) {
            throw new CliException(kafka.unreachable() + " (" + e.getMessage() + ")");
        }
        return sent;
    }

    private KafkaProducer<String, Frame> producer() {
        Map<String, Object> config = kafka.clientConfig();
        config.putAll(TopicCatalogue.frameProducerSettings());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Fail within seconds when the broker is not there, rather than after a minute.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(
                config,
                new StringSerializer(),
                new ConfluentAvroSerializer<>(Frame.class, kafka.serde()));
    }

    private void throwIfFailed(Exception error) {
        if (error != null) {
            throw new CliException(
                    "Kafka did not take a frame for '"
                            + kafka.topic(TopicCatalogue.FRAMES)
                            + "' at "
                            + kafka.bootstrapServers
                            + ": "
                            + error.getMessage()
                            + ". Check that the topic exists ('vigil topics apply') and the"
                            + " broker runs.");
        }
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("Interrupted while producing frames");
            }
        }
    }
}

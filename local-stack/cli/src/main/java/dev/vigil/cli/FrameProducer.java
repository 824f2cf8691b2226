package dev.vigil.cli;

import dev.vigil.schemas.Frame;
import dev.vigil.schemas.serde.ConfluentAvroSerializer;
import dev.vigil.topics.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends the frames of several sources to the frames topic at a fixed rate per source: each tick
 * sends one frame of every source, with sequence numbers from {@code firstSequence}, keyed by
 * source id as the job expects.
 *
 * <p>Nothing is skipped. Ticks follow a fixed schedule, and a frame's capture time is its tick's
 * place on it; when {@code send} blocks (the broker is away: the client has no metadata, or no
 * buffer room, for the topic), the schedule falls behind and the missed ticks are sent back to back
 * once it is back. The client retries a batch as often as it takes within the delivery timeout, and
 * idempotence keeps those retries from writing a frame twice, across a broker restart too. Once a
 * frame has waited {@link Plan#giveUpAfter()} for its acknowledgement (or the broker refuses one),
 * the producer stops and names every frame not acknowledged.
 */
final class FrameProducer {
    /** What {@code vigil produce} and the demo wait for an acknowledgement by default. */
    static final Duration DEFAULT_GIVE_UP = Duration.ofMinutes(2);

    /** Exit code of a producer that gave up: some frames may be missing from the topic. */
    static final int GAVE_UP = 3;

    /** A broker that acknowledged nothing for this long while frames waited is called away. */
    private static final Duration AWAY_AFTER = Duration.ofSeconds(5);

    /**
     * How much to send: {@code fps} per source, until {@code frames} in all (when positive) or for
     * {@code duration} (when given), whichever comes first; without either, until interrupted. Each
     * source's sequence numbers start at {@code firstSequence}. A frame not acknowledged within
     * {@code giveUpAfter} of its sending ends the run.
     */
    record Plan(
            double fps, long frames, Duration duration, long firstSequence, Duration giveUpAfter) {
        Plan {
            if (!(fps > 0)) {
                throw new CliException("--fps must be positive, not " + fps);
            }
            if (giveUpAfter.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new CliException(
                        "--give-up-after must be at least 1s, not "
                                + giveUpAfter.toMillis()
                                + "ms");
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

        /** A line about the broker (away, back), printed when it happens, from any thread. */
        void note(String line);
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
     * @throws CliException if a frame is not acknowledged: exit code {@link #GAVE_UP}, naming every
     *     frame that is not
     */
    Map<String, Long> run(List<? extends FrameSource> sources, Plan plan, Progress progress) {
        kafka.requireTopics(List.of(TopicCatalogue.FRAMES));
        try (KafkaProducer<String, Frame> producer = producer(plan.giveUpAfter())) {
            return send(producer, sources, plan, progress);
        }
    }

    /** {@link #run} on a producer made by {@link #producer}, without the topic check first. */
    Map<String, Long> send(
            Producer<String, Frame> producer,
            List<? extends FrameSource> sources,
            Plan plan,
            Progress progress) {
        long total = plan.total(sources.size());
        long tickNanos = (long) (1e9 / plan.fps());
        Map<String, Long> sent = new LinkedHashMap<>();
        Deliveries deliveries = new Deliveries();
        AwayNotice notice = new AwayNotice(deliveries, plan.giveUpAfter(), progress);
        ScheduledExecutorService watch = watch(notice);
        long start = System.nanoTime();
        Instant startTime = Instant.now();
        long count = 0;
        try {
            ticks:
            for (long tick = 0; total < 0 || count < total; tick++) {
                long sequence = plan.firstSequence() + tick;
                Instant captureTime = startTime.plusNanos(tick * tickNanos);
                for (FrameSource source : sources) {
                    if (count == total || deliveries.failure() != null) {
                        break ticks;
                    }
                    FrameKey key = new FrameKey(source.sourceId(), sequence);
                    producer.send(
                            new ProducerRecord<>(
                                    kafka.topic(TopicCatalogue.FRAMES),
                                    key.sourceId(),
                                    source.frame(sequence, captureTime)),
                            deliveries.sent(key));
                    sent.merge(key.sourceId(), 1L, Long::sum);
                    count++;
                }
                progress.update(count, deliveries.acknowledged(), total);
                sleepUntil(start + (tick + 1) * tickNanos);
            }
            if (deliveries.failure() == null) {
                // Returns once each frame is acknowledged or has failed (at its delivery timeout).
                producer.flush();
            }
        } finally {
            watch.shutdownNow();
        }
        // The catch-up after an outage may end between two checks: say the broker is back.
        notice.run();
        if (deliveries.failure() != null) {
            // Abandons what is still buffered: those frames stay unacknowledged and are named.
            producer.close(Duration.ZERO);
            throw gaveUp(deliveries, count);
        }
        progress.update(count, deliveries.acknowledged(), total);
        return sent;
    }

    /**
     * The frames producer: the catalogue's settings, and timeouts that wait {@code giveUpAfter} for
     * a broker that is away (restarting, say) rather than the seconds a reachable one needs.
     */
    KafkaProducer<String, Frame> producer(Duration giveUpAfter) {
        Map<String, Object> config = kafka.clientConfig();
        config.putAll(TopicCatalogue.frameProducerSettings());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        int giveUp = (int) giveUpAfter.toMillis();
        // The bound on retrying a batch (retries itself is unbounded by default): from send() to
        // acknowledgement, across reconnects, metadata refreshes and a broker restart.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, giveUp);
        // send() blocks, rather than fails, while the broker is away: with no broker left, the
        // client re-bootstraps and has no metadata for the topic until one answers.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, giveUp);
        // One attempt; must leave room for a retry within the delivery timeout.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(10_000, giveUp / 2));
        return new KafkaProducer<>(
                config,
                new StringSerializer(),
                new ConfluentAvroSerializer<>(Frame.class, kafka.serde()));
    }

    /**
     * Says, once a second at most, when the broker stops acknowledging frames and when it is back.
     */
    private static ScheduledExecutorService watch(AwayNotice notice) {
        ScheduledExecutorService watch =
                Executors.newSingleThreadScheduledExecutor(
                        task -> {
                            Thread thread = new Thread(task, "vigil-produce-watch");
                            thread.setDaemon(true);
                            return thread;
                        });
        watch.scheduleWithFixedDelay(notice, 1, 1, TimeUnit.SECONDS);
        return watch;
    }

    private final class AwayNotice implements Runnable {
        private final Deliveries deliveries;
        private final Duration giveUpAfter;
        private final Progress progress;
        private long awaySince;
        private long acknowledgedWhenAway = -1;

        AwayNotice(Deliveries deliveries, Duration giveUpAfter, Progress progress) {
            this.deliveries = deliveries;
            this.giveUpAfter = giveUpAfter;
            this.progress = progress;
        }

        /** Synchronized: the last check runs on the sending thread, maybe during the watch's. */
        @Override
        public synchronized void run() {
            Duration stalled = deliveries.stalledFor();
            if (acknowledgedWhenAway < 0 && stalled.compareTo(AWAY_AFTER) >= 0) {
                acknowledgedWhenAway = deliveries.acknowledged();
                awaySince = System.nanoTime() - stalled.toNanos();
                progress.note(
                        String.format(
                                "produce: Kafka at %s has acknowledged no frame for %d s (%d"
                                        + " waiting); retrying, skipping none, until a frame has"
                                        + " waited %s (--give-up-after)",
                                kafka.bootstrapServers,
                                stalled.toSeconds(),
                                deliveries.waiting(),
                                giveUpAfter.toSeconds() + " s"));
            } else if (acknowledgedWhenAway >= 0
                    && deliveries.acknowledged() > acknowledgedWhenAway) {
                acknowledgedWhenAway = -1;
                progress.note(
                        String.format(
                                "produce: Kafka at %s acknowledges frames again after %d s;"
                                        + " catching up",
                                kafka.bootstrapServers,
                                Duration.ofNanos(System.nanoTime() - awaySince).toSeconds()));
            }
        }
    }

    private CliException gaveUp(Deliveries deliveries, long sent) {
        return new CliException(
                "Kafka at "
                        + kafka.bootstrapServers
                        + " did not acknowledge "
                        + deliveries.waiting()
                        + " of the "
                        + sent
                        + " frames sent to '"
                        + kafka.topic(TopicCatalogue.FRAMES)
                        + "' ("
                        + deliveries.failure().getMessage()
                        + "); gave up. Not acknowledged, so possibly missing: "
                        + deliveries.describeUnacknowledged()
                        + ". Check the broker ('vigil stack status' for the local stack) and the"
                        + " topic ('vigil topics apply'), then send those again.",
                GAVE_UP);
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

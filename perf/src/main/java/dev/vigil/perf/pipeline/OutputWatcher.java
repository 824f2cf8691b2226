package dev.vigil.perf.pipeline;

import dev.vigil.job.testing.JobTopics;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.StageTimings;
import dev.vigil.topics.TopicCatalogue;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a run's {@code detections} and {@code alerts} as they are written (read_uncommitted: a
 * read_committed reader sees detections only at the next checkpoint), from the end of each topic at
 * construction on. It notes each detection's arrival, the stage timings it carries, and, for frames
 * whose due time (in {@code due}, by {@code source#sequence}) falls in the measured window, the
 * latency from due time to the detection and to the alert the frame raised.
 */
final class OutputWatcher implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);

    private final Map<String, Long> due;
    private final IntConsumer onDetection;
    private final Histogram detectionMicros = LatencyStats.histogram();
    private final Histogram alertMicros = LatencyStats.histogram();
    private final Histogram inStageMicros = LatencyStats.histogram();
    private final CountDownLatch ready = new CountDownLatch(2);
    private final Thread detections;
    private final Thread alerts;
    private volatile boolean running = true;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MIN_VALUE;
    private volatile long[] arrivals = new long[1024];
    private volatile int count;
    private volatile int inWindowDetections;
    private volatile int inWindowAlerts;
    private volatile int stagesFrom = Integer.MAX_VALUE;
    private final double[] stageMicros = new double[3];
    private final long[] halfLagMicros = new long[2];
    private final long[] halfCounts = new long[2];
    private long stageFrames;

    /**
     * @param due when each offered frame was due, filled by the producer as it goes
     * @param onDetection called on the watcher's thread with the number of detections so far
     */
    OutputWatcher(JobTopics topics, Map<String, Long> due, IntConsumer onDetection)
            throws InterruptedException {
        this.due = due;
        this.onDetection = onDetection;
        this.detections =
                reader(
                        topics.reader(Detection.class, false),
                        topics.name(TopicCatalogue.DETECTIONS),
                        this::detected);
        this.alerts =
                reader(
                        topics.reader(Alert.class, false),
                        topics.name(TopicCatalogue.ALERTS),
                        this::alerted);
        if (!ready.await(1, TimeUnit.MINUTES)) {
            close();
            throw new IllegalStateException(
                    "The output topics of "
                            + topics.prefix()
                            + " could not be read within a minute; is the broker up?");
        }
    }

    /**
     * Latencies count for frames due in {@code [start, end)} ({@code System.nanoTime()}); those of
     * an earlier window are forgotten, so one job can be measured window after window.
     */
    synchronized void window(long start, long end) {
        windowStart = start;
        windowEnd = end;
        detectionMicros.reset();
        alertMicros.reset();
        inStageMicros.reset();
        inWindowDetections = 0;
        inWindowAlerts = 0;
        Arrays.fill(halfLagMicros, 0);
        Arrays.fill(halfCounts, 0);
    }

    /**
     * Mean detection lag, in ms, of the window's frames due in its first half ({@code half} 0) or
     * its second (1): a lag that grows from one to the other is a queue that builds up.
     */
    synchronized double meanLagMs(int half) {
        return halfCounts[half] == 0 ? Double.NaN : halfLagMicros[half] / 1000.0 / halfCounts[half];
    }

    /** Stage timings are averaged over the detections from the {@code index}-th on. */
    void stagesFrom(int index) {
        stagesFrom = index;
    }

    int detections() {
        return count;
    }

    int inWindowDetections() {
        return inWindowDetections;
    }

    int inWindowAlerts() {
        return inWindowAlerts;
    }

    long[] arrivals() {
        return arrivals;
    }

    /** Detections that arrived in {@code [from, to)} ({@code System.nanoTime()}). */
    synchronized int arrivedBetween(long from, long to) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (arrivals[i] >= from && arrivals[i] < to) {
                n++;
            }
        }
        return n;
    }

    /** Waits until {@code test} holds, polling; false when {@code patience} ran out. */
    static boolean await(BooleanSupplier test, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!test.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    synchronized LatencyStats detectionLatency() {
        return LatencyStats.of(detectionMicros);
    }

    synchronized LatencyStats alertLatency() {
        return LatencyStats.of(alertMicros);
    }

    /**
     * The window's frames' time in the inference stage, from arrival to the end of their batch's
     * run (queue time plus the batch's stages, as the detection's timings say): the span a batch
     * policy's latency budget covers.
     */
    synchronized LatencyStats inStageLatency() {
        return LatencyStats.of(inStageMicros);
    }

    /** Mean pre, infer and post time per frame (the batch's, divided by its size), in µs. */
    synchronized StageSplit stages() {
        return stageFrames == 0
                ? new StageSplit(Double.NaN, Double.NaN, Double.NaN)
                : new StageSplit(
                        stageMicros[0] / stageFrames,
                        stageMicros[1] / stageFrames,
                        stageMicros[2] / stageFrames);
    }

    private void detected(ConsumerRecord<String, Detection> record, long now) {
        Detection detection = record.value();
        synchronized (this) {
            if (count == arrivals.length) {
                arrivals = Arrays.copyOf(arrivals, count * 2);
            }
            arrivals[count] = now;
            if (count >= stagesFrom) {
                StageTimings t = detection.getTimings();
                double size = Math.max(1, t.getBatchSize());
                stageMicros[0] += t.getPreMicros() / size;
                stageMicros[1] += t.getInferMicros() / size;
                stageMicros[2] += t.getPostMicros() / size;
                stageFrames++;
            }
            String frame = key(detection.getSourceId(), detection.getSequence());
            if (latency(detectionMicros, frame, now)) {
                inWindowDetections++;
                StageTimings t = detection.getTimings();
                inStageMicros.recordValue(
                        Math.max(
                                0,
                                t.getQueueMicros()
                                        + t.getPreMicros()
                                        + t.getInferMicros()
                                        + t.getPostMicros()));
                long dueAt = due.get(frame);
                int half = dueAt < windowStart + (windowEnd - windowStart) / 2 ? 0 : 1;
                halfLagMicros[half] += TimeUnit.NANOSECONDS.toMicros(now - dueAt);
                halfCounts[half]++;
            }
            count++;
        }
        onDetection.accept(count);
    }

    private void alerted(ConsumerRecord<String, Alert> record, long now) {
        Alert alert = record.value();
        synchronized (this) {
            if (latency(alertMicros, key(alert.getSourceId(), alert.getLastSequence()), now)) {
                inWindowAlerts++;
            }
        }
    }

    private boolean latency(Histogram histogram, String frame, long now) {
        Long dueAt = due.get(frame);
        if (dueAt == null || dueAt < windowStart || dueAt >= windowEnd) {
            return false;
        }
        histogram.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(now - dueAt)));
        return true;
    }

    static String key(CharSequence source, long sequence) {
        return source + "#" + sequence;
    }

    private interface Handler<T> {
        void handle(ConsumerRecord<String, T> record, long arrivalNanos);
    }

    private <T extends SpecificRecord> Thread reader(
            KafkaConsumer<String, T> consumer, String topic, Handler<T> handler) {
        Thread thread =
                new Thread(
                        () -> {
                            try (consumer) {
                                List<TopicPartition> partitions =
                                        consumer.partitionsFor(topic).stream()
                                                .map(p -> new TopicPartition(topic, p.partition()))
                                                .toList();
                                consumer.assign(partitions);
                                consumer.seekToEnd(partitions);
                                partitions.forEach(consumer::position); // resolve the end now
                                ready.countDown();
                                while (running) {
                                    ConsumerRecords<String, T> records = consumer.poll(POLL);
                                    long now = System.nanoTime();
                                    for (ConsumerRecord<String, T> record : records) {
                                        handler.handle(record, now);
                                    }
                                }
                            }
                        },
                        "bench-watcher-" + topic);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        detections.join(TimeUnit.SECONDS.toMillis(10));
        alerts.join(TimeUnit.SECONDS.toMillis(10));
    }

    /** Mean time per frame of the inference stage's three stages, in µs. */
    record StageSplit(double preMicros, double inferMicros, double postMicros) {
        /** What is not the model: the guest (or Java) code and the host kernels. */
        double overheadMicros() {
            return preMicros + postMicros;
        }
    }
}

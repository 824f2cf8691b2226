package dev.vigil.job.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MicroBatchInferenceOperatorTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private OneInputStreamOperatorTestHarness<SourcedFrame, Detection> harness;

    @BeforeEach
    void resetFake() {
        FakeInference.reset();
    }

    @AfterEach
    void closeHarness() throws Exception {
        FakeInference.gate.countDown();
        if (harness != null) {
            harness.close();
        }
    }

    private void open(int maxBatch, Duration maxDelay, int maxInFlight) throws Exception {
        open(new Batching(maxBatch, maxDelay, maxInFlight));
    }

    private void open(Batching batching) throws Exception {
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new MicroBatchInferenceOperatorFactory(batching, FakeInference.factory()),
                        1,
                        1,
                        0);
        harness.open();
    }

    /** The operator's metrics, and those of its key-value groups as {@code key.value.name}. */
    private static final class Metrics extends InterceptingOperatorMetricGroup {
        private final Map<String, InterceptingOperatorMetricGroup> groups = new HashMap<>();

        @Override
        public MetricGroup addGroup(String key, String value) {
            return groups.computeIfAbsent(
                    key + "." + value, group -> new InterceptingOperatorMetricGroup());
        }

        @Override
        public Metric get(String name) {
            int dot = name.lastIndexOf('.');
            return dot < 0
                    ? super.get(name)
                    : groups.get(name.substring(0, dot)).get(name.substring(dot + 1));
        }
    }

    /** Opens the operator with its metrics in the returned group. */
    private Metrics openWithMetrics(Batching batching) throws Exception {
        Metrics metrics = new Metrics();
        TaskMetricGroup task =
                new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
                    @Override
                    public InternalOperatorMetricGroup getOrAddOperator(
                            OperatorID id, String name, Map<String, String> additional) {
                        return metrics;
                    }
                };
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new MicroBatchInferenceOperatorFactory(batching, FakeInference.factory()),
                        TypeInformation.of(SourcedFrame.class)
                                .createSerializer(new SerializerConfigImpl()),
                        new MockEnvironmentBuilder().setMetricGroup(task).build());
        harness.open();
        return metrics;
    }

    @Test
    void sendsABatchAsSoonAsItIsFullAndTheRestAtEndOfInput() throws Exception {
        open(3, HOUR, 2);
        for (long seq = 1; seq <= 7; seq++) {
            harness.processElement(frame(seq % 2 == 0 ? "cam-a" : "cam-b", seq), seq);
        }
        assertThat(nextBatch()).containsExactly(1L, 2L, 3L);
        assertThat(nextBatch()).containsExactly(4L, 5L, 6L);
        assertThat(FakeInference.BATCHES.poll(200, TimeUnit.MILLISECONDS)).isNull();

        harness.endInput();

        assertThat(nextBatch()).containsExactly(7L);
        assertThat(emittedSequences()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(harness.extractOutputValues())
                .allSatisfy(d -> assertThat(d.getTimings().getBatchSize()).isIn(3, 1));
    }

    @Test
    void sendsAnUnfilledBatchWhenItsOldestFrameHasWaitedMaxDelay() throws Exception {
        open(100, Duration.ofMillis(50), 2);
        harness.setProcessingTime(1_000);
        harness.processElement(frame("cam-a", 1), 1);
        harness.setProcessingTime(1_030);
        harness.processElement(frame("cam-b", 2), 2);

        harness.setProcessingTime(1_049);
        assertThat(FakeInference.BATCHES.poll(200, TimeUnit.MILLISECONDS)).isNull();
        harness.setProcessingTime(1_050);
        assertThat(nextBatch()).containsExactly(1L, 2L);

        // The next frame starts a new batch with a timer of its own.
        harness.processElement(frame("cam-a", 3), 3);
        harness.setProcessingTime(1_099);
        assertThat(FakeInference.BATCHES.poll(200, TimeUnit.MILLISECONDS)).isNull();
        harness.setProcessingTime(1_100);
        assertThat(nextBatch()).containsExactly(3L);
    }

    @Test
    void emitsEverythingBeforeTheCheckpointBarrier() throws Exception {
        open(100, HOUR, 2);
        harness.processElement(frame("cam-a", 1), 1);
        harness.processElement(frame("cam-b", 2), 2);

        harness.prepareSnapshotPreBarrier(1);

        assertThat(emittedSequences()).containsExactly(1L, 2L);
        // Nothing is left to put in state: the snapshot holds no frame.
        assertThat(harness.snapshot(1, 1).getManagedOperatorState()).isEmpty();
    }

    @Test
    void keepsArrivalOrderAcrossBatchesAndKeys() throws Exception {
        open(2, HOUR, 2);
        List<Long> sent = new ArrayList<>();
        for (long seq = 1; seq <= 40; seq++) {
            harness.processElement(frame("cam-" + (seq % 3), seq), seq);
            sent.add(seq);
        }
        harness.endInput();
        assertThat(emittedSequences()).isEqualTo(sent);
        assertThat(harness.extractOutputStreamRecords())
                .extracting(StreamRecord::getTimestamp)
                .isEqualTo(sent);
    }

    @Test
    void waitsOnTheTaskThreadWhenMaxInFlightBatchesAreComputing() throws Exception {
        open(1, HOUR, 2);
        FakeInference.gate = new CountDownLatch(1);
        harness.processElement(frame("cam-a", 1), 1);
        harness.processElement(frame("cam-a", 2), 2);
        assertThat(nextBatch()).containsExactly(1L);

        long releaseAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        Thread release =
                new Thread(
                        () -> {
                            while (System.nanoTime() < releaseAt) {
                                Thread.onSpinWait();
                            }
                            FakeInference.gate.countDown();
                        });
        release.start();
        harness.processElement(frame("cam-a", 3), 3); // two batches in flight: this one waits
        long returnedAt = System.nanoTime();
        release.join();

        assertThat(returnedAt).isGreaterThanOrEqualTo(releaseAt);
        harness.endInput();
        assertThat(emittedSequences()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aFrameThatFailsItsBatchIsDeadLetteredAloneAndTheOthersGoOn() throws Exception {
        open(4, HOUR, 2);
        FakeInference.poison = Set.of(3L);
        for (long seq = 1; seq <= 4; seq++) {
            harness.processElement(frame("cam-a", seq), seq);
        }
        harness.endInput();

        assertThat(emittedSequences()).containsExactly(1L, 2L, 4L);
        assertThat(harness.getSideOutput(MicroBatchInferenceOperator.FAILURES))
                .singleElement()
                .satisfies(
                        record -> {
                            assertThat(record.getValue().frame().frame().getSequence())
                                    .isEqualTo(3);
                            assertThat(record.getValue().frame().offset()).isEqualTo(103);
                            assertThat(record.getValue().failure().reasonCode())
                                    .isEqualTo("GUEST_TRAP");
                        });
        // The batch, then each of its frames alone.
        assertThat(FakeInference.BATCHES).hasSize(5);
    }

    @Test
    void anErrorNotCausedByTheInputFailsTheTask() throws Exception {
        open(2, HOUR, 2);
        FakeInference.broken = Set.of(2L);
        harness.processElement(frame("cam-a", 1), 1);
        harness.processElement(frame("cam-a", 2), 2);

        assertThatThrownBy(() -> harness.prepareSnapshotPreBarrier(1))
                .hasRootCauseMessage("model session lost")
                .hasMessageContaining("for a reason other than its input");
    }

    @Test
    void holdsAWatermarkBackUntilTheFramesBeforeItAreOut() throws Exception {
        open(100, HOUR, 2);
        harness.processElement(frame("cam-a", 1), 1);
        harness.processWatermark(new Watermark(1));
        harness.processElement(frame("cam-a", 2), 2);
        harness.endInput();

        assertThat(harness.getOutput())
                .extracting(Object::toString)
                .first()
                .asString()
                .contains("sequence\": 1");
        List<Object> output = new ArrayList<>(harness.getOutput());
        assertThat(output.get(1)).isEqualTo(new Watermark(1));
        assertThat(output).hasSize(3);
    }

    @Test
    void reportsBatchSizesQueueWaitsStagesFramesInFlightAndProvider() throws Exception {
        Metrics metrics = openWithMetrics(new Batching(2, HOUR, 2));
        for (long seq = 1; seq <= 3; seq++) {
            harness.processElement(frame("cam-a", seq), seq);
        }
        assertThat(((Gauge<?>) metrics.get("framesInFlight")).getValue()).isIn(1, 3);
        harness.endInput();

        assertThat(((Histogram) metrics.get("batchSize")).getStatistics().getMax()).isEqualTo(2);
        assertThat(((Histogram) metrics.get("queueMicros")).getCount()).isEqualTo(3);
        for (String stage : List.of("batchMicros", "preMicros", "inferMicros", "postMicros")) {
            assertThat(((Histogram) metrics.get(stage)).getCount()).as(stage).isEqualTo(2);
        }
        assertThat(((Gauge<?>) metrics.get("framesInFlight")).getValue()).isEqualTo(0);
        assertThat(((Gauge<?>) metrics.get("provider")).getValue()).isEqualTo("none");
    }

    @Test
    void adaptiveSendsAsTheBudgetRequiresLongBeforeMaxDelay() throws Exception {
        Metrics metrics =
                openWithMetrics(
                        new Batching(2, HOUR, 2, BatchPolicy.ADAPTIVE, Duration.ofMillis(200)));
        FakeInference.runMillis = 20;
        harness.setProcessingTime(1_000);
        // Nothing learnt yet: as FIXED, so this batch goes when full.
        harness.processElement(frame("cam-a", 1), 1);
        harness.processElement(frame("cam-b", 2), 2);
        assertThat(nextBatch()).containsExactly(1L, 2L);
        harness.prepareSnapshotPreBarrier(1); // emitted: its run time is learnt
        long learnt = (Long) ((Gauge<?>) metrics.get("batchRunMicros.2.learnt")).getValue();
        assertThat(learnt).isGreaterThanOrEqualTo(20_000);
        assertThat(((Gauge<?>) metrics.get("batchRunMicros.1.learnt")).getValue()).isEqualTo(0L);

        // One frame alone must be sent by 200 ms minus a run (one frame: taken as two's).
        harness.processElement(frame("cam-a", 3), 3);
        long sendBy = 1_000 + 200 - learnt / 1_000;
        harness.setProcessingTime(sendBy - 10);
        assertThat(FakeInference.BATCHES.poll(200, TimeUnit.MILLISECONDS)).isNull();
        harness.setProcessingTime(sendBy);
        assertThat(nextBatch()).containsExactly(3L);
        harness.endInput();
        assertThat(emittedSequences()).containsExactly(1L, 2L, 3L);
        assertThat(((Counter) metrics.get("framesOverBudget")).getCount())
                .as("frame 3 waited 200 ms of the test's polls, the harness's clock does not run")
                .isEqualTo(1);
    }

    @Test
    void fixedWaitsForMaxDelayWhateverTheBudget() throws Exception {
        open(new Batching(100, Duration.ofMillis(50), 2, BatchPolicy.FIXED, Duration.ofMillis(1)));
        FakeInference.runMillis = 20;
        harness.setProcessingTime(1_000);
        harness.processElement(frame("cam-a", 1), 1);
        harness.processElement(frame("cam-b", 2), 2);
        harness.prepareSnapshotPreBarrier(1);
        assertThat(nextBatch()).containsExactly(1L, 2L);

        harness.processElement(frame("cam-a", 3), 3);
        harness.setProcessingTime(1_049);
        assertThat(FakeInference.BATCHES.poll(200, TimeUnit.MILLISECONDS)).isNull();
        harness.setProcessingTime(1_050);
        assertThat(nextBatch()).containsExactly(3L);
    }

    @Test
    void closesItsInference() throws Exception {
        open(2, HOUR, 2);
        harness.close();
        harness = null;
        assertThat(FakeInference.closed).isTrue();
    }

    private List<Long> nextBatch() throws InterruptedException {
        List<Long> batch = FakeInference.BATCHES.poll(10, TimeUnit.SECONDS);
        assertThat(batch).as("a batch was sent").isNotNull();
        return batch;
    }

    private List<Long> emittedSequences() {
        return harness.extractOutputValues().stream().map(Detection::getSequence).toList();
    }

    private static SourcedFrame frame(String source, long sequence) {
        Frame frame =
                Frame.newBuilder()
                        .setSourceId(source)
                        .setSequence(sequence)
                        .setCaptureTime(Instant.ofEpochMilli(sequence))
                        .setEncoding(FrameEncoding.RAW_RGB8)
                        .setWidth(1)
                        .setHeight(1)
                        .setPayload(ByteBuffer.wrap(new byte[3]))
                        .setAttributes(Map.of())
                        .build();
        return new SourcedFrame(frame, "frames", 0, 100 + sequence);
    }
}

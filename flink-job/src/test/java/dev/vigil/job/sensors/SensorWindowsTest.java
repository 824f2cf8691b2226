package dev.vigil.job.sensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.job.inference.SourcedFrame;
import dev.vigil.job.ingest.SplitUndecodable;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.FailureStage;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.schemas.SensorReading;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Windows of 8 samples sliding by 4 over readings of 2 samples per channel. */
class SensorWindowsTest {
    private static final Windowing EIGHT_BY_FOUR = new Windowing(8, 4);

    private KeyedOneInputStreamOperatorTestHarness<String, IngestedReading, SourcedFrame> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aWindowEndsEverySlideOnceFullChannelMajorWithItsFirstAndLastReading() throws Exception {
        for (long seq = 0; seq < 6; seq++) {
            send("s-1", seq, 2, (float) seq); // channel 0: seq, channel 1: seq + 0.5
        }
        List<Frame> windows = windows();
        assertThat(windows).extracting(Frame::getSequence).containsExactly(3L, 5L);
        Frame first = windows.get(0);
        assertThat(first.getEncoding()).isEqualTo(FrameEncoding.FLOAT32_TENSOR);
        assertThat(first.getWidth()).isEqualTo(8);
        assertThat(first.getHeight()).isEqualTo(2);
        assertThat(first.getWindowFirstSequence()).isZero();
        float[] expected = {0, 0, 1, 1, 2, 2, 3, 3, 0.5f, 0.5f, 1.5f, 1.5f, 2.5f, 2.5f, 3.5f, 3.5f};
        assertThat(Arrays.mismatch(floats(first), expected)).isEqualTo(-1);
        assertThat(windows.get(1).getWindowFirstSequence()).isEqualTo(2);
        assertThat(harness.extractOutputValues().get(1).topic()).isEqualTo("readings.windows");
    }

    @Test
    void aGapRestartsTheWindowAndDuplicatesOrLateReadingsAreDropped() throws Exception {
        for (long seq = 0; seq < 4; seq++) {
            send("s-1", seq, 2, seq);
        }
        send("s-1", 3, 2, 99); // duplicate
        send("s-1", 1, 2, 99); // late
        send("s-1", 6, 2, 6); // gap: 4 and 5 never came
        for (long seq = 7; seq < 10; seq++) {
            send("s-1", seq, 2, seq);
        }
        List<Frame> windows = windows();
        assertThat(windows).extracting(Frame::getSequence).containsExactly(3L, 9L);
        assertThat(windows.get(1).getWindowFirstSequence()).isEqualTo(6);
        assertThat(floats(windows.get(1))[0]).isEqualTo(6f);
    }

    @Test
    void sourcesAreWindowedApartAndOpenWindowsSurviveARestore() throws Exception {
        send("s-1", 0, 2, 0);
        send("s-2", 10, 1, 10);
        send("s-1", 1, 2, 1);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        send("s-1", 2, 2, 2);
        send("s-1", 3, 2, 3);
        send("s-2", 11, 1, 11);

        assertThat(windows())
                .singleElement()
                .satisfies(
                        w -> {
                            assertThat(w.getSourceId()).isEqualTo("s-1");
                            assertThat(w.getWindowFirstSequence()).isZero();
                        });
    }

    @Test
    void deadLettersPassToTheUndecodableOutput() throws Exception {
        DeadLetter letter =
                DeadLetter.newBuilder()
                        .setOriginTopic("readings")
                        .setOriginPartition(0)
                        .setOriginOffset(7)
                        .setKey(null)
                        .setPayload(ByteBuffer.wrap(new byte[] {1}))
                        .setStage(FailureStage.DECODE)
                        .setReasonCode("NOT_WIRE_FORMAT")
                        .setMessage("m")
                        .setTime(Instant.EPOCH)
                        .build();
        harness.processElement(IngestedReading.of(letter), 0);

        assertThat(harness.getSideOutput(SplitUndecodable.UNDECODABLE))
                .singleElement()
                .satisfies(r -> assertThat(r.getValue()).isEqualTo(letter));
        assertThat(windows()).isEmpty();
    }

    @Test
    void windowStateUsesFlinksPojoSerializerAndTheSlideFitsTheSize() {
        assertThat(TypeInformation.of(WindowState.class)).isInstanceOf(PojoTypeInfo.class);
        assertThatThrownBy(() -> new Windowing(64, 65)).hasMessageContaining("at most the size");
    }

    /** A reading of 2 samples of {@code channels}: channel c of both is {@code base + c / 2}. */
    private void send(String source, long seq, int channels, float base) throws Exception {
        List<Float> samples = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            for (int c = 0; c < channels; c++) {
                samples.add(base + c / 2f);
            }
        }
        SensorReading reading =
                SensorReading.newBuilder()
                        .setSourceId(source)
                        .setSequence(seq)
                        .setCaptureTime(Instant.ofEpochMilli(seq))
                        .setChannels(channels)
                        .setSamples(samples)
                        .setAttributes(Map.of())
                        .build();
        harness.processElement(
                IngestedReading.of(new SourcedReading(reading, "readings", 0, seq)), seq);
    }

    private List<Frame> windows() {
        return harness.extractOutputValues().stream().map(SourcedFrame::frame).toList();
    }

    private static float[] floats(Frame frame) {
        ByteBuffer payload = frame.getPayload().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[payload.remaining() / 4];
        payload.asFloatBuffer().get(values);
        return values;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, IngestedReading, SourcedFrame>
            newHarness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SensorWindows(EIGHT_BY_FOUR, "readings.windows")),
                IngestedReading::key,
                Types.STRING);
    }
}

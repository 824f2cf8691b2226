package dev.vigil.job.sensors;

import dev.vigil.job.inference.SourcedFrame;
import dev.vigil.job.ingest.SplitUndecodable;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.schemas.SensorReading;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Assembles each source's samples into count windows ({@link Windowing}) in keyed state and emits
 * each window as a {@code FLOAT32_TENSOR} {@link Frame} for the inference stage: height channels ×
 * width samples, channel-major little-endian float32, {@code sequence} the reading of its last
 * sample and {@code windowFirstSequence} that of its first.
 *
 * <ul>
 *   <li>A window ends on a reading: the first once {@code size} samples are in, then whenever at
 *       least {@code slide} more have come (so a reading block larger than the slide moves the
 *       window by the block). At most one window per reading, so a window's sequence is unique.
 *   <li>A gap (a sequence more than one above the last) or a change of channels restarts the
 *       window: no window spans missing readings. Counted in {@code windowRestarts}.
 *   <li>A duplicate or late reading (a sequence not above the last) is dropped: the window has
 *       moved past it. Counted in {@code readingsDropped}.
 *   <li>The open window is keyed state, checkpointed with the source offsets; nothing is buffered
 *       outside it (a window is emitted in the call of the reading that completes it), so there is
 *       nothing to flush before a barrier, and a restore resumes every window exactly where the
 *       checkpoint's offsets do.
 *   <li>Dead letters of unreadable readings pass to {@link SplitUndecodable#UNDECODABLE}.
 * </ul>
 */
public final class SensorWindows
        extends KeyedProcessFunction<String, IngestedReading, SourcedFrame> {
    private final Windowing windowing;
    private final String windowsTopic;

    private transient ValueState<WindowState> window;
    private transient Counter restarts;
    private transient Counter dropped;

    /**
     * @param windowsTopic named as the origin of a window that fails later: its dead letter is the
     *     window's Frame, not a reading, so it is not filed under the readings' topic
     */
    public SensorWindows(Windowing windowing, String windowsTopic) {
        this.windowing = windowing;
        this.windowsTopic = windowsTopic;
    }

    @Override
    public void open(OpenContext context) {
        window =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "window", TypeInformation.of(WindowState.class)));
        restarts = getRuntimeContext().getMetricGroup().counter("windowRestarts");
        dropped = getRuntimeContext().getMetricGroup().counter("readingsDropped");
    }

    @Override
    public void processElement(IngestedReading in, Context context, Collector<SourcedFrame> out)
            throws Exception {
        if (in.deadLetter() != null) {
            context.output(SplitUndecodable.UNDECODABLE, in.deadLetter());
            return;
        }
        SensorReading reading = in.reading().reading();
        long sequence = reading.getSequence();
        WindowState state = window.value();
        if (state != null && sequence <= state.lastSequence) {
            dropped.inc();
            return;
        }
        if (state == null
                || sequence != state.lastSequence + 1
                || reading.getChannels() != state.channels) {
            if (state != null) {
                restarts.inc();
            }
            state = new WindowState(windowing.size(), reading.getChannels(), sequence);
        }
        append(state, reading);
        if (state.written >= windowing.size() && state.sinceEmitted >= windowing.slide()) {
            out.collect(
                    new SourcedFrame(
                            frame(state, reading),
                            windowsTopic,
                            in.reading().partition(),
                            in.reading().offset()));
            state.sinceEmitted = 0;
        }
        window.update(state);
    }

    private void append(WindowState state, SensorReading reading) {
        List<Float> samples = reading.getSamples();
        int channels = state.channels;
        int size = windowing.size();
        for (int s = 0; s < samples.size() / channels; s++) {
            int slot = (int) (state.written % size);
            for (int c = 0; c < channels; c++) {
                state.samples[slot * channels + c] = samples.get(s * channels + c);
            }
            state.sequences[slot] = reading.getSequence();
            state.written++;
            state.sinceEmitted++;
        }
        state.lastSequence = reading.getSequence();
    }

    /** The last {@code size} samples, oldest first, channel-major. */
    private Frame frame(WindowState state, SensorReading last) {
        int size = windowing.size();
        int channels = state.channels;
        long first = state.written - size;
        ByteBuffer payload =
                ByteBuffer.allocate(4 * size * channels).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < size; i++) {
                int slot = (int) ((first + i) % size);
                payload.putFloat(state.samples[slot * channels + c]);
            }
        }
        payload.flip();
        return Frame.newBuilder()
                .setSourceId(last.getSourceId())
                .setSequence(last.getSequence())
                .setCaptureTime(last.getCaptureTime())
                .setEncoding(FrameEncoding.FLOAT32_TENSOR)
                .setWidth(size)
                .setHeight(channels)
                .setPayload(payload)
                .setAttributes(last.getAttributes())
                .setWindowFirstSequence(state.sequences[(int) (first % size)])
                .build();
    }
}

package dev.vigil.job.sensors;

/**
 * One source's open window, the keyed state of {@link SensorWindows}: the last {@code size} samples
 * in a ring (interleaved, {@code [size][channels]}), the reading sequence of each, and where the
 * source stands. A Flink POJO (public fields, no-arg constructor), so its serializer is Flink's own
 * and a savepoint can add a field later.
 */
public final class WindowState {
    public int channels;

    /**
     * Ring of {@code size * channels} samples; sample {@code t} at {@code (t % size) * channels}.
     */
    public float[] samples;

    /** Ring of {@code size}: the sequence of the reading sample {@code t} came from. */
    public long[] sequences;

    /** Samples since the window (re)started. */
    public long written;

    /** Samples since the last window was emitted (or since the start). */
    public long sinceEmitted;

    /** The sequence of the last reading taken. */
    public long lastSequence;

    public WindowState() {}

    WindowState(int size, int channels, long firstSequence) {
        this.channels = channels;
        this.samples = new float[size * channels];
        this.sequences = new long[size];
        this.lastSequence = firstSequence - 1;
    }
}

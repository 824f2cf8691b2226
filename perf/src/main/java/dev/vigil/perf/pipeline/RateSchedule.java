package dev.vigil.perf.pipeline;

import java.util.concurrent.locks.LockSupport;

/**
 * When each frame of an open-loop run is due: frame {@code i} at {@code start + i / rate}. Latency
 * is measured from the due time, not from when the send happened, so a producer that falls behind
 * (a full send buffer, a pause) shows up as latency instead of hiding it (no coordinated omission).
 */
final class RateSchedule {
    private final long startNanos;
    private final double framesPerSecond;

    RateSchedule(long startNanos, double framesPerSecond) {
        if (!(framesPerSecond > 0)) {
            throw new IllegalArgumentException(
                    "An offered rate must be positive, got " + framesPerSecond + " frames/s");
        }
        this.startNanos = startNanos;
        this.framesPerSecond = framesPerSecond;
    }

    /** The {@code System.nanoTime()} at which frame {@code index} is due. */
    long due(long index) {
        return startNanos + Math.round(index * 1e9 / framesPerSecond);
    }

    /** Frames due before {@code nanos}. */
    long dueBefore(long nanos) {
        if (nanos <= startNanos) {
            return 0;
        }
        return (long) Math.ceil((nanos - startNanos) * framesPerSecond / 1e9);
    }

    /** Sleeps until frame {@code index} is due; returns at once if it is late. */
    void awaitDue(long index) {
        long due = due(index);
        for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

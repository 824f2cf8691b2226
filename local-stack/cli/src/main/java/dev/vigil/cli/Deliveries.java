package dev.vigil.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;

/**
 * The frames a producer has sent and the broker has not acknowledged yet, so that a producer that
 * gives up can name each one; and when the broker last acknowledged one, to tell a user it is away.
 * Callbacks run on the Kafka client's I/O thread, the rest on the sending and watching threads.
 */
final class Deliveries {
    private static final Comparator<FrameKey> ORDER =
            Comparator.comparing(FrameKey::sourceId).thenComparingLong(FrameKey::sequence);

    private final NavigableSet<FrameKey> unacknowledged = new ConcurrentSkipListSet<>(ORDER);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile long lastProgress = System.nanoTime();

    /**
     * Counts {@code frame} as unacknowledged until the broker acknowledges it; call before {@code
     * send}, which may block, and give it the returned callback.
     */
    Callback sent(FrameKey frame) {
        if (unacknowledged.isEmpty()) {
            // Time without anything to acknowledge is no outage.
            lastProgress = System.nanoTime();
        }
        unacknowledged.add(frame);
        return (metadata, error) -> {
            if (error == null) {
                unacknowledged.remove(frame);
                acknowledged.incrementAndGet();
                lastProgress = System.nanoTime();
            } else {
                failure.compareAndSet(null, error);
            }
        };
    }

    long acknowledged() {
        return acknowledged.get();
    }

    int waiting() {
        return unacknowledged.size();
    }

    /** The first error a frame's delivery ended with, or null. */
    Exception failure() {
        return failure.get();
    }

    /** How long frames have waited with none acknowledged; zero while none waits. */
    Duration stalledFor() {
        return unacknowledged.isEmpty()
                ? Duration.ZERO
                : Duration.ofNanos(System.nanoTime() - lastProgress);
    }

    /**
     * Every unacknowledged frame, per source as runs of sequence numbers: {@code yard/cam-1 12-14,
     * 17; yard/cam-2 12-13}.
     */
    String describeUnacknowledged() {
        List<String> sources = new ArrayList<>();
        StringBuilder runs = new StringBuilder();
        FrameKey first = null;
        FrameKey last = null;
        for (FrameKey frame : unacknowledged) {
            boolean sameSource = last != null && last.sourceId().equals(frame.sourceId());
            if (sameSource && frame.sequence() == last.sequence() + 1) {
                last = frame;
                continue;
            }
            if (last != null) {
                appendRun(runs, first, last);
            }
            if (!sameSource) {
                if (runs.length() > 0) {
                    sources.add(runs.toString());
                    runs.setLength(0);
                }
                runs.append(frame.sourceId()).append(' ');
            } else {
                runs.append(", ");
            }
            first = frame;
            last = frame;
        }
        if (last != null) {
            appendRun(runs, first, last);
            sources.add(runs.toString());
        }
        return String.join("; ", sources);
    }

    private static void appendRun(StringBuilder runs, FrameKey first, FrameKey last) {
        runs.append(first.sequence());
        if (last.sequence() != first.sequence()) {
            runs.append('-').append(last.sequence());
        }
    }
}

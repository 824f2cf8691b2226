package dev.vigil.cli;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One page's stream of events: a bounded queue the reader thread offers to and the page's HTTP
 * thread takes from, so a slow or gone browser never holds up the reader, nor grows memory. A page
 * that falls a whole queue behind is ended; its browser reconnects and is sent the held alerts
 * again.
 */
final class UiSubscription implements AutoCloseable {
    /** Wakes the page's thread when the stream ends. */
    private static final UiEvent END = new UiEvent("end", "{}");

    private final BlockingQueue<UiEvent> events;
    private final Consumer<UiSubscription> onClose;
    private volatile boolean open = true;

    UiSubscription(int capacity, Consumer<UiSubscription> onClose) {
        // One place more than asked, kept for END.
        this.events = new ArrayBlockingQueue<>(capacity + 1);
        this.onClose = onClose;
    }

    /** Queues {@code event}; ends the stream when the page has fallen a whole queue behind. */
    void offer(UiEvent event) {
        if (open && events.remainingCapacity() > 1) {
            events.offer(event);
        } else {
            close();
        }
    }

    /**
     * The next event, waiting at most {@code timeout}; null when none came (time for the sources'
     * panel) or the stream has ended ({@link #isOpen()} false).
     */
    UiEvent next(Duration timeout) throws InterruptedException {
        UiEvent event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return event == END ? null : event;
    }

    /** False once ended: what is still queued is not sent, the reconnected page gets it anew. */
    boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            events.offer(END);
            onClose.accept(this);
        }
    }
}

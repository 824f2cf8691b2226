package dev.vigil.wasm;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A per-call deadline enforced by interrupting the calling thread, which Chicory checks in compiled
 * loops and calls. One daemon timer thread serves the process. Closing the deadline clears an
 * interrupt it caused, so it never leaks into the caller's next call.
 */
final class Deadline implements AutoCloseable {
    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "vigil-wasm-deadline");
                        thread.setDaemon(true);
                        return thread;
                    });

    private final Thread caller = Thread.currentThread();
    private final ScheduledFuture<?> timer;
    private boolean done;
    private boolean fired;

    private Deadline(Duration after) {
        this.timer = TIMER.schedule(this::fire, after.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts a deadline for the current thread. */
    static Deadline start(Duration after) {
        return new Deadline(after);
    }

    private synchronized void fire() {
        if (!done) {
            fired = true;
            caller.interrupt();
        }
    }

    synchronized boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        synchronized (this) {
            done = true;
        }
        timer.cancel(false);
        if (fired()) {
            Thread.interrupted(); // ours, not the caller's: clear it
        }
    }
}

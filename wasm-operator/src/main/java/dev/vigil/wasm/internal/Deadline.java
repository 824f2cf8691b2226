package dev.vigil.wasm.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A per-call deadline enforced by interrupting the calling thread, which Chicory checks in compiled
 * loops and calls. A pool's {@link DeadlineTimer} fires them. Closing the deadline clears an
 * interrupt it caused, so it never leaks into the caller's next call.
 */
public final class Deadline implements AutoCloseable {
    private final Thread caller = Thread.currentThread();
    private final ScheduledFuture<?> timer;
    private boolean done;
    private boolean fired;

    /** Starts a deadline for the current thread on {@code timer}. */
    Deadline(ScheduledExecutorService timer, Duration after) {
        this.timer = timer.schedule(this::fire, after.toNanos(), TimeUnit.NANOSECONDS);
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

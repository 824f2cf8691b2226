package dev.vigil.wasm.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The thread that fires the {@link Deadline}s of one pool's calls. Its owner closes it: a thread
 * that outlived its pool would keep the job's class loader, and with it every class of the job
 * (some 26 MB of Metaspace per job), alive in the TaskManager after the job ended.
 */
public final class DeadlineTimer implements AutoCloseable {
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final ScheduledThreadPoolExecutor executor;

    public DeadlineTimer(String name) {
        executor =
                new ScheduledThreadPoolExecutor(
                        1,
                        runnable -> {
                            Thread thread = new Thread(runnable, name);
                            thread.setDaemon(true);
                            return thread;
                        });
        // A call that returns in time cancels its deadline: drop it from the queue at once.
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Starts a deadline for the current thread. */
    Deadline start(Duration after) {
        return new Deadline(executor, after);
    }

    /** Stops the thread and waits briefly for it to end. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

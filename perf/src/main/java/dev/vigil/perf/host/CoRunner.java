package dev.vigil.perf.host;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A thread that does {@link HostWork} until stopped and counts how much it got done. */
final class CoRunner {
    private static final long CHUNK = 100_000;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong done = new AtomicLong();
    private final Thread thread;

    private CoRunner() {
        thread =
                new Thread(
                        () -> {
                            while (running.get()) {
                                HostWork.run(CHUNK);
                                done.addAndGet(CHUNK);
                            }
                        },
                        "co-runner");
        thread.setDaemon(true);
    }

    static CoRunner start() {
        CoRunner runner = new CoRunner();
        runner.thread.start();
        return runner;
    }

    /** Stops the thread; the iterations it did. */
    long stop() {
        running.set(false);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the co-runner", e);
        }
        return done.get();
    }
}

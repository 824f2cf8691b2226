package dev.vigil.nn;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs ONNX Runtime's environment and session set-up on a thread with a large native stack. Inside
 * a Flink TaskManager, creating the environment recursed past the 1 MiB a Java thread gets by
 * default; a native stack overflow kills the JVM outright, without an hs_err file (found with a
 * core dump: some 12,000 frames inside {@code OrtEnvironment.createHandle}). The same call passes
 * on a thread with a 16 MiB stack, so set-up runs on one with {@value #STACK_BYTES} bytes, whoever
 * the caller is.
 */
final class LargeStack {
    static final long STACK_BYTES = 64L * 1024 * 1024;

    private LargeStack() {}

    /** Calls {@code work} on a fresh large-stack thread and returns or rethrows what it did. */
    static <T> T call(String name, Callable<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread =
                new Thread(
                        null,
                        () -> {
                            try {
                                result.set(work.call());
                            } catch (Throwable t) {
                                failure.set(t);
                            }
                        },
                        name,
                        STACK_BYTES);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("Interrupted while waiting for " + name, e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        if (t != null) {
            throw new ModelException(name + " failed: " + t.getMessage(), t);
        }
        return result.get();
    }
}

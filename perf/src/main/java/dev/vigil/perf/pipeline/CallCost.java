package dev.vigil.perf.pipeline;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Milliseconds per frame of one batched call repeated in a loop for a while, after a second of
 * warm-up: the inference call alone, with no Kafka or Flink around it and nothing else competing
 * for the cores, so that it can be set against the bare model run of the same batch.
 */
final class CallCost {
    private CallCost() {}

    static double msPerFrame(Supplier<?> call, int batch, Duration time) {
        long warm = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < warm) {
            call.get();
        }
        long calls = 0;
        long start = System.nanoTime();
        long end = start + time.toNanos();
        long now = start;
        while (now < end) {
            call.get();
            calls++;
            now = System.nanoTime();
        }
        return (now - start) / 1e6 / (calls * batch);
    }
}

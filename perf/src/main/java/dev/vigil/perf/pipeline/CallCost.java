package dev.vigil.perf.pipeline;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Milliseconds per frame of one batched call repeated in a loop for a while, after a second of
 * warm-up: the inference call alone, with no Kafka or Flink around it and nothing else competing
 * for the cores, so that it can be set against the bare model run of the same batch. It also notes
 * this process's CPU time over the measured loop (warm-up left out).
 */
final class CallCost {
    private CallCost() {}

    /** A measured loop: wall ms per frame, frames run, and this JVM's CPU time meanwhile. */
    record Measured(double msPerFrame, long frames, long cpuNanos) {
        double cpuMsPerFrame() {
            return cpuNanos / 1e6 / frames;
        }
    }

    static double msPerFrame(Supplier<?> call, int batch, Duration time) {
        return measure(call::get, batch, time).msPerFrame();
    }

    static Measured measure(Runnable call, int batch, Duration time) {
        long warm = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < warm) {
            call.run();
        }
        long calls = 0;
        long cpu = CpuProfile.processCpuNanos();
        long start = System.nanoTime();
        long end = start + time.toNanos();
        long now = start;
        while (now < end) {
            call.run();
            calls++;
            now = System.nanoTime();
        }
        cpu = CpuProfile.processCpuNanos() - cpu;
        return new Measured((now - start) / 1e6 / (calls * batch), calls * batch, cpu);
    }
}

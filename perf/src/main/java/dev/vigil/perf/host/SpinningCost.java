package dev.vigil.perf.host;

import dev.vigil.nn.BatchResult;
import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelLease;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.NnSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Step 1: ONNX Runtime's pool threads spinning or not ({@link NnSettings#allowSpinning()}), one
 * session of each in this process, run in alternating rounds so that both see the same machine. Two
 * regimes: runs back to back (what a pool likes best), and runs with the caller's own work between
 * them (a fixed amount of arithmetic standing for decoding and letterboxing the next batch), as the
 * inference operator's thread does, on the cores the pool spins on.
 */
final class SpinningCost {
    /** One model's input, e.g. the detector at batch 8 of 640x480. */
    record Workload(String model, long[] shape) {}

    private record Totals(
            int runs, long wallNanos, long processCpuNanos, long callerCpuNanos, long coWork) {
        static final Totals ZERO = new Totals(0, 0, 0, 0, 0);

        Totals plus(Totals other) {
            return new Totals(
                    runs + other.runs,
                    wallNanos + other.wallNanos,
                    processCpuNanos + other.processCpuNanos,
                    callerCpuNanos + other.callerCpuNanos,
                    coWork + other.coWork);
        }
    }

    private final Path repository;
    private final int rounds;
    private final long roundNanos;
    private final double hostWorkMs;

    SpinningCost(Path repository, int rounds, long roundMillis, double hostWorkMs) {
        this.repository = repository;
        this.rounds = rounds;
        this.roundNanos = roundMillis * 1_000_000;
        this.hostWorkMs = hostWorkMs;
    }

    void measure(Workload workload) {
        try (ModelHost spinning = host(true);
                ModelHost sleeping = host(false);
                ModelLease on = spinning.lease(ModelRef.parse(workload.model()), 0);
                ModelLease off = sleeping.lease(ModelRef.parse(workload.model()), 0)) {
            FloatBuffer input = input(workload.shape());
            for (int i = 0; i < 3; i++) { // warm-up at the measured shape, both sessions
                run(on, input, workload.shape());
                run(off, input, workload.shape());
            }
            long work = HostWork.iterationsFor(hostWorkMs);
            for (int regime = 0; regime < 3; regime++) {
                long gap = regime == 0 ? 0 : work;
                boolean coRunner = regime == 2;
                Totals spun = Totals.ZERO;
                Totals slept = Totals.ZERO;
                for (int round = 0; round < rounds; round++) {
                    spun = spun.plus(cycles(on, input, workload.shape(), gap, coRunner));
                    slept = slept.plus(cycles(off, input, workload.shape(), gap, coRunner));
                }
                String name =
                        switch (regime) {
                            case 0 -> "back-to-back";
                            case 1 -> "host-work=" + hostWorkMs + "ms";
                            default -> "host-work+co-runner";
                        };
                print(workload, name, "spinning=on ", spun);
                print(workload, name, "spinning=off", slept);
            }
        }
    }

    private ModelHost host(boolean allowSpinning) {
        return new ModelHost(
                NnSettings.builder()
                        .repository(repository)
                        .providers(List.of(ExecutionProvider.CPU))
                        .allowSpinning(allowSpinning)
                        .build());
    }

    private Totals cycles(
            ModelLease lease, FloatBuffer input, long[] shape, long hostWork, boolean coRunner) {
        CoRunner other = coRunner ? CoRunner.start() : null;
        long wall = System.nanoTime();
        long process = CpuClock.processCpuNanos();
        long caller = CpuClock.threadCpuNanos();
        int runs = 0;
        long elapsed;
        do {
            run(lease, input, shape);
            HostWork.run(hostWork);
            runs++;
            elapsed = System.nanoTime() - wall;
        } while (elapsed < roundNanos);
        long processCpu = CpuClock.processCpuNanos() - process;
        long callerCpu = CpuClock.threadCpuNanos() - caller;
        long coWork = other == null ? 0 : other.stop();
        return new Totals(runs, elapsed, processCpu, callerCpu, coWork);
    }

    private static void run(ModelLease lease, FloatBuffer input, long[] shape) {
        try (BatchResult result = lease.run(input.duplicate(), shape)) {
            HostWork.consume(result.batchSize());
        }
    }

    private static FloatBuffer input(long[] shape) {
        long n = 1;
        for (long side : shape) {
            n *= side;
        }
        FloatBuffer input =
                ByteBuffer.allocateDirect((int) n * Float.BYTES)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            input.put(i, (float) random.nextDouble());
        }
        return input;
    }

    private static void print(Workload workload, String regime, String arm, Totals t) {
        System.out.printf(
                "spinning %-22s %-20s %s runs/s=%7.2f cpu_ms/run=%7.2f not_caller_ms/run=%7.2f"
                        + " co-runner_Mit/s=%7.1f (runs=%d)%n",
                workload.model(),
                regime,
                arm,
                t.runs * 1e9 / t.wallNanos,
                t.processCpuNanos / 1e6 / t.runs,
                (t.processCpuNanos - t.callerCpuNanos) / 1e6 / t.runs,
                t.coWork / 1e6 / (t.wallNanos / 1e9),
                t.runs);
    }
}

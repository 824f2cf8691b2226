package dev.vigil.perf.wasm;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.nn.synthetic.PcaAnomalyDetector;
import dev.vigil.nn.synthetic.SignalFault;
import dev.vigil.nn.synthetic.SignalFault.Kind;
import dev.vigil.nn.synthetic.VibrationSignal;
import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.FrameResult;
import dev.vigil.wasm.GuestFrame;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.GuestPool;
import dev.vigil.wasm.WasmSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How well the sensor path finds the synthetic faults, and what it costs: a seeded fleet (per fault
 * kind {@code k} machines with that fault from a random reading to the end, and {@code 2k} healthy
 * ones), windows of 256 samples sliding by 64 (one per reading of 64 samples), scored by the
 * bundled {@code anomaly-score} guest with {@code pca-anomaly} in batches of {@value #BATCH} (one
 * guest instance, one ONNX Runtime thread: per core), and by the plain-Java scorer on the same
 * windows. The alert rule is the job's default: three anomalous windows in a row.
 *
 * <p>Printed: window precision and recall (a window is positive if it holds a fault sample),
 * machine precision and recall by alert, detection delay in windows from the first window holding a
 * fault sample to the alert, per kind, and windows (= readings) per second of both scorers.
 *
 * <p>Arguments: {@code [machines per fault kind (5)] [readings per machine (256)] [seed (1)]}.
 */
public final class SensorQuality {
    private static final int W = PcaAnomalyDetector.WINDOW;
    private static final int SLIDE = PcaAnomalyDetector.SLIDE;
    private static final int BATCH = 32;
    private static final int MIN_WINDOWS = 3;

    private SensorQuality() {}

    /** One machine of the fleet, its windows' samples and the first window holding a fault. */
    private record Machine(String id, Kind fault, long faultWindow, List<float[]> windows) {}

    public static void main(String[] args) throws IOException {
        int perKind = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int readings = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        List<Machine> fleet = fleet(perKind, readings, seed);
        PcaAnomalyDetector detector = PcaAnomalyDetector.fit();
        Path repository = Files.createTempDirectory("vigil-sensor-quality");
        detector.model().importInto(new ModelRepository(repository), "1");
        WasmSettings settings =
                WasmSettings.builder()
                        .allowModel("detector", ModelRef.parse(PcaAnomalyDetector.NAME + "@1"))
                        .poolSize(1)
                        .build();
        List<GuestFrame> frames = new ArrayList<>();
        for (Machine m : fleet) {
            for (int w = 0; w < m.windows().size(); w++) {
                frames.add(frame(m.id(), w, m.windows().get(w)));
            }
        }
        boolean[] guest = new boolean[frames.size()];
        boolean[] java = new boolean[frames.size()];
        try (ModelHost host =
                        new ModelHost(
                                NnSettings.builder()
                                        .repository(repository)
                                        .providers(List.of(ExecutionProvider.CPU))
                                        .warmupBatchSizes(List.of(1, BATCH))
                                        .intraOpThreads(1)
                                        .build());
                GuestPool pool =
                        GuestPool.start(
                                GuestModule.bundled("anomaly-score", settings), settings, host)) {
            scoreWithGuest(pool, frames.subList(0, Math.min(frames.size(), 20 * BATCH)), null);
            long start = System.nanoTime();
            scoreWithGuest(pool, frames, guest);
            double guestSeconds = (System.nanoTime() - start) / 1e9;
            scoreInJava(detector, fleet, new boolean[frames.size()]);
            start = System.nanoTime();
            scoreInJava(detector, fleet, java);
            double javaSeconds = (System.nanoTime() - start) / 1e9;
            report(fleet, guest, java, guestSeconds, javaSeconds, perKind, readings, seed);
        }
    }

    private static List<Machine> fleet(int perKind, int readings, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Machine> fleet = new ArrayList<>();
        int index = 0;
        for (int h = 0; h < 2 * perKind; h++) {
            fleet.add(machine("healthy-" + h, index++, seed, null, -1, readings));
        }
        for (Kind kind : Kind.values()) {
            for (int k = 0; k < perKind; k++) {
                long at = 64 + random.nextLong(Math.max(1, readings - 128));
                fleet.add(machine(kind + "-" + k, index++, seed, kind, at, readings));
            }
        }
        return fleet;
    }

    private static Machine machine(
            String id, int index, long seed, Kind kind, long faultReading, int readings) {
        List<SignalFault> faults =
                kind == null
                        ? List.of()
                        : List.of(new SignalFault(kind, faultReading * SLIDE, Long.MAX_VALUE));
        float[] samples = new VibrationSignal(index, seed, faults).next(readings * SLIDE);
        List<float[]> windows = new ArrayList<>();
        for (int end = W; end <= samples.length; end += SLIDE) {
            float[] window = new float[W];
            System.arraycopy(samples, end - W, window, 0, W);
            windows.add(window);
        }
        // Window w covers samples w * SLIDE .. w * SLIDE + W - 1: the first to hold a fault sample.
        long faultWindow = kind == null ? -1 : Math.max(0, (faultReading * SLIDE - W) / SLIDE + 1);
        return new Machine(id, kind, faultWindow, windows);
    }

    private static GuestFrame frame(String source, long sequence, float[] window) {
        ByteBuffer payload = ByteBuffer.allocate(4 * W).order(ByteOrder.LITTLE_ENDIAN);
        payload.asFloatBuffer().put(window);
        return GuestFrame.of(source, sequence, FrameEncoding.FLOAT32_TENSOR, W, 1, payload.array());
    }

    private static void scoreWithGuest(GuestPool pool, List<GuestFrame> frames, boolean[] out) {
        for (int from = 0; from < frames.size(); from += BATCH) {
            List<FrameResult> results =
                    pool.process(frames.subList(from, Math.min(frames.size(), from + BATCH)));
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).failed()) {
                    throw new IllegalStateException("window failed: " + results.get(i));
                }
                if (out != null) {
                    out[from + i] = !results.get(i).detections().isEmpty();
                }
            }
        }
    }

    private static void scoreInJava(
            PcaAnomalyDetector detector, List<Machine> fleet, boolean[] out) {
        int i = 0;
        for (Machine m : fleet) {
            for (float[] window : m.windows()) {
                out[i++] = detector.score(window, 0) >= 1f;
            }
        }
    }

    private static void report(
            List<Machine> fleet,
            boolean[] flagged,
            boolean[] java,
            double guestSeconds,
            double javaSeconds,
            int perKind,
            int readings,
            long seed) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long disagree = 0;
        int machineTp = 0;
        int machineFp = 0;
        int machineFn = 0;
        Map<Kind, List<Long>> delays = new EnumMap<>(Kind.class);
        int i = 0;
        for (Machine m : fleet) {
            long run = 0;
            long alertAt = -1;
            for (int w = 0; w < m.windows().size(); w++, i++) {
                boolean positive = m.fault() != null && w >= m.faultWindow();
                if (flagged[i] != java[i]) {
                    disagree++;
                }
                if (flagged[i] && positive) {
                    tp++;
                } else if (flagged[i]) {
                    fp++;
                } else if (positive) {
                    fn++;
                }
                run = flagged[i] ? run + 1 : 0;
                if (run == MIN_WINDOWS && alertAt < 0) {
                    alertAt = w;
                }
            }
            boolean alerted = alertAt >= 0;
            if (m.fault() == null) {
                machineFp += alerted ? 1 : 0;
            } else if (alerted && alertAt >= m.faultWindow()) {
                machineTp++;
                delays.computeIfAbsent(m.fault(), k -> new ArrayList<>())
                        .add(alertAt - m.faultWindow());
            } else {
                machineFn++;
                machineFp += alerted ? 1 : 0; // alerted before its fault began
            }
        }
        int windows = flagged.length;
        System.out.printf(
                "fleet: %d machines (%d healthy, %d per fault kind), %d readings of %d samples"
                        + " each, seed %d; %d windows of %d sliding by %d%n",
                fleet.size(), 2 * perKind, perKind, readings, SLIDE, seed, windows, W, SLIDE);
        System.out.printf(
                "windows: precision %.3f, recall %.3f (tp %d, fp %d, fn %d); guest and plain"
                        + " Java disagree on %d%n",
                tp / (double) Math.max(1, tp + fp),
                tp / (double) Math.max(1, tp + fn),
                tp,
                fp,
                fn,
                disagree);
        System.out.printf(
                "machines (alert after %d anomalous windows in a row): precision %.3f, recall %.3f"
                        + " (tp %d, fp %d, fn %d)%n",
                MIN_WINDOWS,
                machineTp / (double) Math.max(1, machineTp + machineFp),
                machineTp / (double) Math.max(1, machineTp + machineFn),
                machineTp,
                machineFp,
                machineFn);
        for (Kind kind : Kind.values()) {
            List<Long> d = delays.getOrDefault(kind, List.of());
            System.out.printf(
                    "  %-10s detected %d/%d, delay in windows from the first faulty window to the"
                            + " alert: mean %.1f, max %d%n",
                    kind,
                    d.size(),
                    perKind,
                    d.stream().mapToLong(Long::longValue).average().orElse(Double.NaN),
                    d.stream().mapToLong(Long::longValue).max().orElse(-1));
        }
        System.out.printf(
                "throughput, one thread: guest + ONNX Runtime %.0f windows (readings)/s = %.0f"
                        + " samples/s; plain Java %.0f windows/s = %.0f samples/s%n",
                windows / guestSeconds,
                windows * (double) SLIDE / guestSeconds,
                windows / javaSeconds,
                windows * (double) SLIDE / javaSeconds);
    }
}

package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.ModelHost;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 100k calls on one instance: linear memory and throughput stay flat (no leak, no slowdown). */
class SteadyStateITCase {
    private static final int CALLS = 100_000;
    private static final int WINDOW = 10_000;

    @TempDir Path root;

    @Test
    void memoryAndThroughputStayFlatOverAHundredThousandCalls() {
        WasmSettings settings = DetectorFixture.settings().poolSize(1).build();
        // 96x96: the batch tensor (108 KiB) does not fit the initial pages, so memory grows once.
        GuestFrame frame = new Frames(96, 96).white(24, 24, 72, 72).raw("steady", 1);
        List<GuestFrame> batch = List.of(frame);
        try (ModelHost host = DetectorFixture.host(root);
                GuestPool pool = GuestPool.start(DetectorFixture.guest(settings), settings, host)) {
            for (int i = 0; i < 5_000; i++) { // warm-up: JIT, ONNX Runtime, the arena's size
                pool.process(batch);
            }
            int pagesAfterWarmUp = pool.stats().maxMemoryPages();
            long reservedAfterWarmUp = pool.stats().reservedBytes();
            double[] rates = new double[CALLS / WINDOW];
            for (int done = 0; done < CALLS; done += WINDOW) {
                long start = System.nanoTime();
                for (int i = 0; i < WINDOW; i++) {
                    assertThat(pool.process(batch).get(0).detections()).hasSize(1);
                }
                rates[done / WINDOW] = WINDOW / ((System.nanoTime() - start) / 1e9);
                assertThat(pool.stats().maxMemoryPages())
                        .as("pages after %d calls", done + WINDOW)
                        .isEqualTo(pagesAfterWarmUp);
            }
            System.out.printf(
                    "steady state: %d pages (%d KiB reserved), calls/s per %d calls: %s%n",
                    pagesAfterWarmUp,
                    reservedAfterWarmUp / 1024,
                    WINDOW,
                    java.util.Arrays.toString(
                            java.util.Arrays.stream(rates).mapToLong(Math::round).toArray()));
            assertThat(pool.stats().reservedBytes()).isEqualTo(reservedAfterWarmUp);
            assertThat(pool.stats().created()).isEqualTo(1);
            // Generous, as the machine is shared: a leak or a growing structure shows as far more.
            double early = (rates[1] + rates[2] + rates[3]) / 3; // the first window still warms up
            double late =
                    (rates[rates.length - 3] + rates[rates.length - 2] + rates[rates.length - 1])
                            / 3;
            assertThat(late).isGreaterThan(0.6 * early);
            assertThat(pagesAfterWarmUp).as("the tensor made memory grow once").isGreaterThan(2);
        }
    }
}

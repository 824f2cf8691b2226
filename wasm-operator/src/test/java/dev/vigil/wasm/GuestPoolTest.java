package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Pool behaviour that needs no model: warm start, waiting, closing, batch limits. */
class GuestPoolTest {
    private static final List<GuestFrame> ONE = List.of(TestGuests.blackFrame("cam", 1));

    @Test
    void startsWarmWithItsConfiguredSize() {
        WasmSettings settings = WasmSettings.builder().poolSize(3).build();
        try (GuestPool pool =
                GuestPool.start(TestGuests.load("hostile-trap", settings), settings, null)) {
            assertThat(pool.stats().idle()).isEqualTo(3);
            assertThat(pool.stats().created()).isEqualTo(3);
            assertThat(pool.stats().maxMemoryPages()).isPositive();
        }
    }

    @Test
    void aCallerWaitsForAFreeInstanceAndGivesUpAfterTheTakeTimeout() throws Exception {
        WasmSettings settings =
                WasmSettings.builder()
                        .poolSize(1)
                        .callDeadline(Duration.ofSeconds(2))
                        .takeTimeout(Duration.ofMillis(200))
                        .build();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (GuestPool pool =
                GuestPool.start(
                        TestGuests.load("hostile-infinite-loop", settings), settings, null)) {
            CountDownLatch started = new CountDownLatch(1);
            Future<?> busy =
                    other.submit(
                            () -> {
                                started.countDown();
                                return pool.process(ONE);
                            });
            started.await();
            TestGuests.eventually(() -> pool.stats().idle() == 0, "the only instance taken");

            assertThatThrownBy(() -> pool.process(ONE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("No instance of guest hostile-infinite-loop@1.0.0")
                    .hasMessageContaining("Raise poolSize");
            assertThatThrownBy(busy::get).hasCauseInstanceOf(GuestDeadlineException.class);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void refusesMoreFramesThanTheGuestTakesWithoutBreakingTheInstance() {
        WasmSettings settings = WasmSettings.builder().poolSize(1).build();
        try (GuestPool pool =
                GuestPool.start(TestGuests.load("hostile-trap", settings), settings, null)) {
            List<GuestFrame> nine =
                    java.util.stream.IntStream.range(0, 9)
                            .mapToObj(i -> TestGuests.blackFrame("cam", i))
                            .toList();
            assertThatThrownBy(() -> pool.process(nine))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("takes at most 8 frames per call");
            assertThat(pool.stats().discarded()).isZero();
            assertThat(pool.stats().idle()).isEqualTo(1);
        }
    }

    @Test
    void aClosedPoolRefusesWork() {
        WasmSettings settings = WasmSettings.builder().poolSize(1).build();
        GuestPool pool = GuestPool.start(TestGuests.load("hostile-trap", settings), settings, null);
        pool.close();
        assertThatThrownBy(() -> pool.process(ONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void settingsHaveDefaultsAndRefuseNonsense() {
        assertThat(WasmSettings.defaults().poolSize()).isEqualTo(2);
        assertThatThrownBy(() -> WasmSettings.builder().poolSize(0).build())
                .hasMessageContaining("poolSize must be at least 1");
    }
}

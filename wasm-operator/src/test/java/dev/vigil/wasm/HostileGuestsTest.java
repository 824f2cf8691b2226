package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each hostile guest fails its own call with a typed error that names the guest and carries the
 * frames, and its pool discards the instance and builds a fresh one in the background.
 */
class HostileGuestsTest {
    private static final List<GuestFrame> BATCH =
            List.of(TestGuests.blackFrame("cam-1", 41), TestGuests.blackFrame("cam-2", 7));
    private static final List<FrameId> IDS =
            List.of(new FrameId("cam-1", 41), new FrameId("cam-2", 7));

    @Test
    void anEndlessLoopIsStoppedAtTheDeadline() throws Exception {
        WasmSettings settings =
                WasmSettings.builder().callDeadline(Duration.ofMillis(300)).poolSize(2).build();
        try (GuestPool pool =
                GuestPool.start(
                        TestGuests.load("hostile-infinite-loop", settings), settings, null)) {
            long start = System.nanoTime();
            GuestDeadlineException e =
                    catchThrowableOfType(GuestDeadlineException.class, () -> pool.process(BATCH));
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(e.getMessage())
                    .contains("hostile-infinite-loop@1.0.0")
                    .contains("ran past its deadline of 300 ms")
                    .contains("cam-1#41", "cam-2#7");
            assertThat(e.frames()).containsExactlyElementsOf(IDS);
            assertThat(tookMs).isBetween(250L, 5_000L);
            assertThat(Thread.currentThread().isInterrupted())
                    .as("the deadline's interrupt must not leak to the caller")
                    .isFalse();
            assertReplaced(pool, 2);
        }
    }

    @Test
    void aMemoryBombMeetsTheLimit() throws Exception {
        WasmSettings settings = WasmSettings.builder().maxMemoryPages(64).poolSize(1).build();
        try (GuestPool pool =
                GuestPool.start(TestGuests.load("hostile-memory-bomb", settings), settings, null)) {
            GuestMemoryException e =
                    catchThrowableOfType(GuestMemoryException.class, () -> pool.process(BATCH));

            assertThat(e.getMessage())
                    .contains("hostile-memory-bomb@1.0.0")
                    .contains("memory limit of 64 pages (4 MiB)")
                    .contains("cam-1#41");
            assertThat(e.frames()).containsExactlyElementsOf(IDS);
            assertReplaced(pool, 1);
        }
    }

    @Test
    void aTrapIsReportedWithItsCause() throws Exception {
        WasmSettings settings = WasmSettings.builder().poolSize(1).build();
        try (GuestPool pool =
                GuestPool.start(TestGuests.load("hostile-trap", settings), settings, null)) {
            GuestTrapException e =
                    catchThrowableOfType(GuestTrapException.class, () -> pool.process(BATCH));

            assertThat(e.getMessage())
                    .contains("hostile-trap@1.0.0 trapped")
                    .contains("out of bounds memory access")
                    .contains("discarded and is being replaced");
            assertThat(e.frames()).containsExactlyElementsOf(IDS);
            assertReplaced(pool, 1);
            // The replacement is as hostile as the original, and as well contained.
            assertThat(catchThrowableOfType(GuestTrapException.class, () -> pool.process(BATCH)))
                    .isNotNull();
        }
    }

    @Test
    void theInterpreterContainsTheSameGuests() throws Exception {
        WasmSettings settings =
                WasmSettings.builder()
                        .execution(WasmSettings.Execution.INTERPRETED)
                        .callDeadline(Duration.ofMillis(200))
                        .poolSize(1)
                        .build();
        GuestModule loop = TestGuests.load("hostile-infinite-loop", settings);
        assertThat(loop.compiled()).isFalse();
        try (GuestPool pool = GuestPool.start(loop, settings, null)) {
            assertThat(
                            catchThrowableOfType(
                                    GuestDeadlineException.class, () -> pool.process(BATCH)))
                    .isNotNull();
        }
    }

    private static void assertReplaced(GuestPool pool, int size) throws InterruptedException {
        TestGuests.eventually(() -> pool.stats().idle() == size, "pool back to " + size);
        assertThat(pool.stats().discarded()).isGreaterThanOrEqualTo(1);
        assertThat(pool.stats().created()).isEqualTo(size + pool.stats().discarded());
    }
}

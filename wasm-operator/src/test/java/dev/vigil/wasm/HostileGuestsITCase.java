package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.nn.ModelHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While every hostile guest fails in its own way, a deterministic guest on another thread keeps
 * returning the right boxes, and its own pool never loses an instance.
 */
class HostileGuestsITCase {
    @TempDir Path root;

    @Test
    void hostileGuestsAreContainedWhileAGoodGuestKeepsServing() throws Exception {
        WasmSettings good = DetectorFixture.settings().poolSize(2).build();
        WasmSettings hostile =
                WasmSettings.builder()
                        .poolSize(2)
                        .maxMemoryPages(64)
                        .callDeadline(Duration.ofMillis(300))
                        .build();
        GuestFrame frame = new Frames(64, 48).white(16, 8, 40, 24).raw("good", 1);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService serving = Executors.newSingleThreadExecutor();
        try (ModelHost host = DetectorFixture.host(root);
                GuestPool goodPool = GuestPool.start(DetectorFixture.guest(good), good, host)) {
            Future<Integer> served =
                    serving.submit(
                            () -> {
                                int calls = 0;
                                while (!stop.get()) {
                                    GuestBox d =
                                            goodPool.process(List.of(frame))
                                                    .get(0)
                                                    .detections()
                                                    .get(0);
                                    assertThat(new float[] {d.x0(), d.y0(), d.x1(), d.y1()})
                                            .containsExactly(16, 8, 40, 24);
                                    calls++;
                                }
                                return calls;
                            });
            List<GuestFrame> batch = List.of(TestGuests.blackFrame("bad", 1));
            for (int round = 0; round < 2; round++) {
                try (GuestPool loop = start("hostile-infinite-loop", hostile);
                        GuestPool bomb = start("hostile-memory-bomb", hostile);
                        GuestPool trap = start("hostile-trap", hostile)) {
                    assertThatThrownBy(() -> loop.process(batch))
                            .isInstanceOf(GuestDeadlineException.class);
                    assertThatThrownBy(() -> bomb.process(batch))
                            .isInstanceOf(GuestMemoryException.class);
                    assertThatThrownBy(() -> trap.process(batch))
                            .isInstanceOf(GuestTrapException.class);
                }
                assertThatThrownBy(() -> TestGuests.load("hostile-unknown-import", hostile))
                        .isInstanceOf(GuestLinkException.class);
                assertThatThrownBy(() -> TestGuests.load("hostile-wrong-abi", hostile))
                        .isInstanceOf(GuestMetadataException.class);
            }
            stop.set(true);
            assertThat(served.get()).as("good calls while the hostile ones failed").isPositive();
            assertThat(goodPool.stats().discarded()).isZero();
            assertThat(goodPool.stats().idle()).isEqualTo(2);
        } finally {
            stop.set(true);
            serving.shutdownNow();
        }
    }

    private static GuestPool start(String name, WasmSettings settings) {
        return GuestPool.start(TestGuests.load(name, settings), settings, null);
    }
}

package dev.vigil.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LargeStackTest {
    private static final int DEPTH = 200_000;

    @Test
    void runsTheWorkOnItsOwnNamedThreadAndReturnsItsResult() {
        String caller = Thread.currentThread().getName();
        String worker = LargeStack.call("set-up", () -> Thread.currentThread().getName());
        assertThat(worker).isEqualTo("set-up").isNotEqualTo(caller);
    }

    @Test
    void recursionThatOverflowsADefaultStackFitsInTheLargeOne() throws InterruptedException {
        AtomicReference<Throwable> onDefaultStack = new AtomicReference<>();
        Thread plain =
                new Thread(
                        () -> {
                            try {
                                depth(DEPTH);
                            } catch (StackOverflowError e) {
                                onDefaultStack.set(e);
                            }
                        });
        plain.start();
        plain.join();

        assertThat(onDefaultStack.get()).isInstanceOf(StackOverflowError.class);
        assertThat(LargeStack.call("deep", () -> depth(DEPTH))).isEqualTo(DEPTH);
    }

    @Test
    void rethrowsWhatTheWorkThrew() {
        assertThatThrownBy(
                        () ->
                                LargeStack.call(
                                        "fails",
                                        () -> {
                                            throw new DescriptorMismatchException("wrong inputs");
                                        }))
                .isInstanceOf(DescriptorMismatchException.class)
                .hasMessage("wrong inputs");
        assertThatThrownBy(
                        () ->
                                LargeStack.call(
                                        "io",
                                        () -> {
                                            throw new IOException("disk");
                                        }))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("io failed: disk");
    }

    private static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }
}

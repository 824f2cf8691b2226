package dev.vigil.job.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The adaptive decision on a clock the test moves: every time is in milliseconds here. */
class AdaptiveBatchPolicyTest {
    private static final Duration MAX_DELAY = Duration.ofMillis(50);

    private static AdaptiveBatchPolicy policy(int maxBatch, long budgetMillis) {
        return new AdaptiveBatchPolicy(
                new Batching(
                        maxBatch,
                        MAX_DELAY,
                        2,
                        BatchPolicy.ADAPTIVE,
                        Duration.ofMillis(budgetMillis)));
    }

    /** Sends a batch of {@code size} at {@code at} and completes it after {@code runMillis}. */
    private static void ran(AdaptiveBatchPolicy policy, int size, double at, double runMillis) {
        policy.sent(size, nanos(at));
        policy.completed(nanos(at), nanos(at + runMillis), true);
    }

    private static double sendBy(AdaptiveBatchPolicy policy, double oldest, int size, double now) {
        return policy.sendByNanos(nanos(oldest), size, nanos(now)) / 1e6;
    }

    private static long nanos(double millis) {
        return Math.round(millis * 1e6);
    }

    @Test
    void beforeAnyBatchHasRunItSendsAsFixedDoes() {
        AdaptiveBatchPolicy policy = policy(8, 100);
        assertThat(sendBy(policy, 10, 1, 10)).isEqualTo(60);
        assertThat(sendBy(policy, 10, 7, 30)).isEqualTo(60);
        assertThat(sendBy(policy, 10, 8, 30)).as("full").isEqualTo(30);
    }

    @Test
    void waitsAsLongAsTheBudgetAllowsAndSendsWhenOneMoreFrameWouldBreakIt() {
        AdaptiveBatchPolicy policy = policy(8, 100);
        ran(policy, 4, 0, 10); // 10 ms for 4 frames; 5 and more: 2.5 ms a frame

        // Oldest frame at 20 ms, so its run must end by 120 ms.
        assertThat(sendBy(policy, 20, 1, 20)).as("worker idle").isEqualTo(110);
        assertThat(sendBy(policy, 20, 4, 100)).isEqualTo(110);
        assertThat(sendBy(policy, 20, 5, 104)).isEqualTo(107.5);
        assertThat(sendBy(policy, 20, 6, 105))
                .as("7 frames would run 17.5 ms and end at 122.5 ms")
                .isEqualTo(105);
        assertThat(sendBy(policy, 20, 8, 21)).as("full").isEqualTo(21);
    }

    @Test
    void countsTheBatchesQueuedOnTheWorker() {
        AdaptiveBatchPolicy idle = policy(8, 25);
        AdaptiveBatchPolicy busy = policy(8, 25);
        for (AdaptiveBatchPolicy policy : new AdaptiveBatchPolicy[] {idle, busy}) {
            ran(policy, 1, 0, 4); // 4 ms for one frame, 10 for four: 6 for two, 8 for three
            ran(policy, 4, 4, 10);
        }
        busy.sent(4, nanos(20)); // running until about 30 ms
        busy.sent(4, nanos(20.5)); // then this one, until about 40 ms

        // Two frames, the oldest at 21 ms: their run must end by 46 ms.
        assertThat(sendBy(idle, 21, 2, 21)).isEqualTo(40);
        assertThat(sendBy(busy, 21, 2, 21))
                .as("starting at 40 ms, three frames would end at 48")
                .isEqualTo(21);
        // At 45 ms the first batch has overrun its estimate: it still holds the worker, so two
        // frames whose oldest came at 30 ms start at 55 ms at the earliest and miss 55 ms.
        assertThat(sendBy(idle, 30, 2, 45)).isEqualTo(49);
        assertThat(sendBy(busy, 30, 2, 45)).as("budget lost: as FIXED").isEqualTo(80);
    }

    @Test
    void underOverloadItKeepsTheBatchesFull() {
        AdaptiveBatchPolicy policy = policy(8, 20);
        ran(policy, 1, 0, 30); // one frame alone already runs past the budget
        ran(policy, 8, 30, 60);

        for (int size = 1; size < 8; size++) {
            double now = 100 + size;
            assertThat(sendBy(policy, 100, size, now))
                    .as("%d frames wait for more, up to maxDelay", size)
                    .isEqualTo(150);
        }
        assertThat(sendBy(policy, 100, 8, 108)).isEqualTo(108);
    }

    @Test
    void learnsFromEachRunButNotFromABatchSplitUpFrameByFrame() {
        AdaptiveBatchPolicy policy = policy(4, 100);
        policy.sent(4, nanos(0));
        policy.completed(nanos(0), nanos(90), false);
        assertThat(policy.measuredRunNanos(4)).isZero();
        assertThat(sendBy(policy, 100, 1, 100)).as("still nothing learnt").isEqualTo(150);

        ran(policy, 4, 100, 10);
        ran(policy, 4, 110, 20);
        assertThat(policy.measuredRunNanos(4)).isEqualTo(nanos(12.5));
        assertThat(policy.measuredRunNanos(2)).isZero();
        assertThat(sendBy(policy, 200, 2, 200)).as("a smaller batch: 12.5 ms").isEqualTo(287.5);
    }
}

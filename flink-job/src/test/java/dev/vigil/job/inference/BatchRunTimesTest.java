package dev.vigil.job.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BatchRunTimesTest {
    @Test
    void averagesEachSizeAndEstimatesTheOthersFromTheirNeighbours() {
        BatchRunTimes times = new BatchRunTimes(8);
        assertThat(times.learnt()).isFalse();
        assertThatThrownBy(() -> times.expectedNanos(3)).hasMessageContaining("No batch has run");

        times.record(2, 1_000);
        times.record(6, 3_000);
        times.record(6, 7_000);

        assertThat(times.learnt()).isTrue();
        assertThat(times.measuredNanos(6)).as("a quarter of the new run").isEqualTo(4_000);
        assertThat(times.expectedNanos(1)).as("below: the smallest measured").isEqualTo(1_000);
        assertThat(times.expectedNanos(4)).as("between: interpolated").isEqualTo(2_500);
        assertThat(times.expectedNanos(8)).as("above: per frame of the largest").isEqualTo(5_333);
        assertThat(times.measuredNanos(4)).isZero();
    }
}

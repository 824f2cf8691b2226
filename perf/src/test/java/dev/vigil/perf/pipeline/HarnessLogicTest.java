package dev.vigil.perf.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The harness's own logic: rate control, statistics, regions, settings and the table. */
class HarnessLogicTest {
    @Test
    void framesAreDueAtTheOfferedRateFromTheStart() {
        RateSchedule schedule = new RateSchedule(1_000_000_000L, 200);
        assertThat(schedule.due(0)).isEqualTo(1_000_000_000L);
        assertThat(schedule.due(1)).isEqualTo(1_005_000_000L);
        assertThat(schedule.due(200)).isEqualTo(2_000_000_000L);
        assertThat(schedule.dueBefore(1_000_000_000L)).isZero();
        assertThat(schedule.dueBefore(1_010_000_001L)).isEqualTo(3);
        assertThatThrownBy(() -> new RateSchedule(0, 0)).hasMessageContaining("positive");
    }

    @Test
    void aLateFrameIsNotWaitedFor() {
        RateSchedule schedule = new RateSchedule(System.nanoTime() - 1_000_000_000L, 10);
        long before = System.nanoTime();
        schedule.awaitDue(5);
        assertThat(System.nanoTime() - before).isLessThan(Duration.ofMillis(100).toNanos());
    }

    @Test
    void steadyThroughputLeavesTheStartOut() {
        // A slow start (1 s for the first record), then one record every 10 ms.
        long[] arrivals = new long[101];
        for (int i = 1; i < arrivals.length; i++) {
            arrivals[i] = 1_000_000_000L + (i - 1) * 10_000_000L;
        }
        assertThat(Throughput.steady(arrivals, arrivals.length, 0.25)).isCloseTo(100.0, within());
        assertThat(Throughput.steady(arrivals, 1, 0.25)).isNaN();
    }

    @Test
    void percentilesInMilliseconds() {
        Histogram micros = LatencyStats.histogram();
        for (int ms = 1; ms <= 100; ms++) {
            micros.recordValue(ms * 1000L);
        }
        LatencyStats stats = LatencyStats.of(micros);
        assertThat(stats.count()).isEqualTo(100);
        assertThat(stats.p50()).isCloseTo(50, offset(0.1));
        assertThat(stats.p99()).isCloseTo(99, offset(0.1));
        assertThat(stats.max()).isCloseTo(100, offset(0.1));
        assertThat(LatencyStats.of(LatencyStats.histogram()).p99()).isNaN();
    }

    @Test
    void regionsAreFourConnectedInRowMajorOrder() {
        // 4x3 map: a diagonal pair is two regions, an L of three cells one.
        float[] cells = {0.9f, 0, 0, 0.6f, 0, 0.7f, 0, 0.8f, 0, 0, 0.51f, 0.55f};
        FloatBuffer map = FloatBuffer.allocate(cells.length + 2).put(2, cells).position(2);
        List<RegionFinder.Region> regions = new RegionFinder().find(map, 4, 3, 0.5f);
        assertThat(regions)
                .containsExactly(
                        new RegionFinder.Region(0, 0, 0, 0, 0.9f),
                        new RegionFinder.Region(2, 0, 3, 2, 0.8f),
                        new RegionFinder.Region(1, 1, 1, 1, 0.7f));
    }

    @Test
    void settingsHaveQuickDefaultsAndSayWhatIsWrong() {
        BenchSettings full = BenchSettings.parse();
        BenchSettings quick = BenchSettings.parse("--quick", "--max-batch", "4");
        assertThat(full.batchSweep()).containsExactly(1, 2, 4, 8, 16);
        assertThat(quick.batchSweep()).containsExactly(1, 8);
        assertThat(quick.maxBatch()).isEqualTo(4);
        assertThat(quick.batchSizes()).containsExactly(1, 4, 8);
        assertThat(quick.backlogFrames()).isLessThan(full.backlogFrames());
        assertThatThrownBy(() -> BenchSettings.parse("--frames", "3"))
                .hasMessageContaining("'--frames'");
        assertThatThrownBy(() -> BenchSettings.parse("--load", "lots"))
                .hasMessageContaining("--load lots: expected a number");
    }

    @Test
    void tableAlignsColumnsAndWritesMarkdown() {
        ResultTable table =
                new ResultTable("run", "frames/s").row("bare", 1625.4).row("pipeline", 86.512);
        assertThat(table.text())
                .isEqualTo(
                        "run       frames/s\n"
                                + "--------  --------\n"
                                + "bare          1625\n"
                                + "pipeline     86.51\n");
        assertThat(table.markdown())
                .isEqualTo(
                        "| run | frames/s |\n|---|---|\n| bare | 1625 |\n| pipeline | 86.51 |\n");
        assertThat(ResultTable.number(Double.NaN)).isEqualTo("-");
        assertThat(ResultTable.number(0.05321)).isEqualTo("0.053");
    }

    @Test
    void threadsOfOneKindAddUp() {
        assertThat(CpuProfile.group("inference -> detections: Writer (1/2)#0"))
                .isEqualTo(CpuProfile.group("inference -> detections: Writer (2/2)#0"));
        assertThat(CpuProfile.group("kafka-producer-network-thread | producer-7"))
                .isEqualTo("kafka-producer-network-thread");
        assertThat(VmThreads.kind("GC Thread#1")).isEqualTo("JVM: garbage collection");
        assertThat(VmThreads.kind("C2 CompilerThre")).isEqualTo("JVM: JIT compilation");
        assertThat(VmThreads.kind("java")).isNull();
    }

    private static Offset<Double> within() {
        return offset(0.01);
    }
}

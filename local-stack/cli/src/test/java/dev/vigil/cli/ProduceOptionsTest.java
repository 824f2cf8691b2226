package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** How {@code vigil produce} and the demo read their options and report progress. */
class ProduceOptionsTest {
    private static final Duration GIVE_UP = FrameProducer.DEFAULT_GIVE_UP;

    private final DurationConverter durations = new DurationConverter();

    @Test
    void readsDurationsAsPeopleTypeThem() {
        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(durations.convert(" 2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(durations.convert("1 h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> durations.convert("PT60S"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("write e.g. 500ms, 60s");
    }

    @Test
    void plansFramesByCountDurationOrNeither() {
        assertThat(new FrameProducer.Plan(2, 0, Duration.ofSeconds(30), 0, GIVE_UP).total(3))
                .isEqualTo(180);
        assertThat(new FrameProducer.Plan(2, 100, Duration.ofSeconds(30), 0, GIVE_UP).total(3))
                .isEqualTo(100);
        assertThat(new FrameProducer.Plan(0.5, 0, Duration.ofSeconds(3), 0, GIVE_UP).total(2))
                .isEqualTo(4);
        assertThat(new FrameProducer.Plan(15, 0, null, 0, GIVE_UP).total(3)).isEqualTo(-1);
        assertThatThrownBy(() -> new FrameProducer.Plan(0, 10, null, 0, GIVE_UP))
                .hasMessageContaining("--fps must be positive");
        assertThatThrownBy(() -> new FrameProducer.Plan(2, 10, null, 0, Duration.ofMillis(500)))
                .hasMessageContaining("--give-up-after must be at least 1s, not 500ms");
    }

    @Test
    void drawsTheProgressBar() {
        assertThat(ProgressBar.line(60, 30, 120, 10))
                .isEqualTo("produce [#######-----------------------] 30/120 frames 6.0/s");
        assertThat(ProgressBar.line(60, 58, -1, 10))
                .isEqualTo("produce 60 frames (58 acknowledged) 6.0/s");
    }

    @Test
    void refusesSyntheticCamerasTooSmallForTheirText() {
        assertThat(ProduceCommand.syntheticCameras(2, "640x480"))
                .extracting(FrameSource::sourceId)
                .containsExactly("yard/cam-1", "yard/cam-2");
        assertThatThrownBy(() -> ProduceCommand.syntheticCameras(1, "64x48"))
                .hasMessageContaining("at least 320x160");
        assertThatThrownBy(() -> ProduceCommand.syntheticCameras(1, "640"))
                .hasMessageContaining("--size must be WIDTHxHEIGHT");
    }
}

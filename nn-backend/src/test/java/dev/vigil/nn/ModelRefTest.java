package dev.vigil.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelRefTest {

    @Test
    void parsesNameAndVersion() {
        assertThat(ModelRef.parse("text-det@2")).isEqualTo(ModelRef.of("text-det", "2"));
        assertThat(ModelRef.parse("text-det"))
                .isEqualTo(new ModelRef("text-det", Optional.empty()));
        assertThat(ModelRef.parse("text-det@2").toString()).isEqualTo("text-det@2");
        assertThat(ModelRef.parse("text-det").toString()).isEqualTo("text-det");
    }

    @Test
    void refusesPathsAndEmptyParts() {
        assertThatThrownBy(() -> ModelRef.parse("../etc@1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid model name '../etc'");
        assertThatThrownBy(() -> ModelRef.parse("det@"))
                .hasMessageContaining("Invalid model version ''");
        assertThatThrownBy(() -> ModelRef.parse("det@1/2")).hasMessageContaining("model version");
    }

    @Test
    void versionsSortNaturally() {
        assertThat(
                        List.of("10", "9", "1.10", "1.2", "2").stream()
                                .sorted(ModelRepository.VERSION_ORDER))
                .containsExactly("1.2", "1.10", "2", "9", "10");
    }

    @Test
    void slotsSpreadOverGpusRoundRobin() {
        assertThat(DeviceBinding.deviceFor(0, List.of(2, 3))).isEqualTo(2);
        assertThat(DeviceBinding.deviceFor(1, List.of(2, 3))).isEqualTo(3);
        assertThat(DeviceBinding.deviceFor(2, List.of(2, 3))).isEqualTo(2);
        assertThat(DeviceBinding.deviceFor(5, List.of())).isZero();
    }

    @Test
    void threadsDefaultToTheSlotsShareOfTheCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(NnSettings.builder().slotsPerProcess(1).build().intraOpThreads())
                .isEqualTo(cores);
        assertThat(NnSettings.builder().slotsPerProcess(cores * 4).build().intraOpThreads())
                .isEqualTo(1);
        assertThat(NnSettings.builder().intraOpThreads(3).build().intraOpThreads()).isEqualTo(3);
        assertThatThrownBy(() -> NnSettings.builder().providers(List.of()).build())
                .hasMessageContaining("providers");
    }
}

package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.nn.synthetic.SignalFault;
import dev.vigil.nn.synthetic.SignalFault.Kind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The machines of {@code vigil produce --sensors} and the sensor demo. */
class SensorFleetTest {
    @Test
    void theFirstMachineIsHealthyAndTheOthersTakeTheFaultsInTurnFromTheSameReading() {
        List<SensorFleet.Machine> fleet = SensorFleet.of(6);

        assertThat(fleet)
                .extracting(SensorFleet.Machine::sourceId)
                .containsExactly(
                        "plant/motor-1",
                        "plant/motor-2",
                        "plant/motor-3",
                        "plant/motor-4",
                        "plant/motor-5",
                        "plant/motor-6");
        assertThat(fleet.get(0).fault()).isEmpty();
        assertThat(fleet.subList(1, 6))
                .extracting(m -> m.fault().orElseThrow().kind())
                .containsExactly(
                        Kind.IMPULSES, Kind.DRIFT, Kind.SATURATION, Kind.DROPOUT, Kind.IMPULSES);
        assertThat(fleet.subList(1, 6))
                .extracting(m -> m.fault().map(SignalFault::start).orElseThrow())
                .containsOnly(SensorFleet.FAULT_AT * SensorFleet.BLOCK);
    }

    @Test
    void theSameFleetSizeGivesTheSameSamplesAndNoneIsRefused() {
        float[] first = SensorFleet.of(2).get(1).signal().next(512);
        float[] again = SensorFleet.of(2).get(1).signal().next(512);
        assertThat(Arrays.mismatch(first, again)).isEqualTo(-1);
        assertThatThrownBy(() -> SensorFleet.of(0)).hasMessageContaining("--sensors N");
    }
}

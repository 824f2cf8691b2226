package dev.vigil.cli;

import dev.vigil.nn.synthetic.PcaAnomalyDetector;
import dev.vigil.nn.synthetic.SignalFault;
import dev.vigil.nn.synthetic.VibrationSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Synthetic machines with a vibration sensor each, {@code plant/motor-1 .. n}: the first runs
 * healthy, every other one gets a fault at reading {@link #FAULT_AT} that lasts to the end, in turn
 * impulses, drift, saturation and a dead sensor. Each reading is a block of {@value #BLOCK} samples
 * (one window slide); the same fleet size gives the same samples on every run.
 */
final class SensorFleet {
    /** Samples per reading. */
    static final int BLOCK = PcaAnomalyDetector.SLIDE;

    /** The reading at which the faulty machines' faults begin (4 s in at 1 kHz). */
    static final long FAULT_AT = 64;

    static final long SEED = 42;

    /** One machine: its source id, signal and the fault it will have, if any. */
    record Machine(String sourceId, VibrationSignal signal, Optional<SignalFault> fault) {}

    private SensorFleet() {}

    static List<Machine> of(int sensors) {
        if (sensors < 1) {
            throw new CliException("Give at least one sensor (--sensors N).");
        }
        List<Machine> machines = new ArrayList<>();
        SignalFault.Kind[] kinds = SignalFault.Kind.values();
        for (int i = 1; i <= sensors; i++) {
            Optional<SignalFault> fault =
                    i == 1
                            ? Optional.empty()
                            : Optional.of(
                                    new SignalFault(
                                            kinds[(i - 2) % kinds.length],
                                            FAULT_AT * BLOCK,
                                            Long.MAX_VALUE));
            machines.add(
                    new Machine(
                            "plant/motor-" + i,
                            new VibrationSignal(i, SEED, fault.stream().toList()),
                            fault));
        }
        return machines;
    }
}

package dev.vigil.nn.synthetic;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic machine's vibration, one channel: a fundamental with two harmonics (amplitudes 1,
 * 0.5, 0.25, phases of the machine's own) plus Gaussian noise, with {@link SignalFault}s injected
 * at known samples. The fundamental is one of {@value #SPEEDS} shaft speeds, chosen by the machine
 * number. The same machine number and seed give the same samples on every run, so a producer, a
 * model fit and a benchmark can agree on what is normal and where the faults are.
 */
public final class VibrationSignal {
    /** Samples per second. */
    public static final int SAMPLE_RATE = 1000;

    /** How many shaft speeds healthy machines run at. */
    public static final int SPEEDS = 4;

    public static final int IMPULSE_PERIOD = 37;
    public static final float DRIFT_PER_SAMPLE = 0.004f;
    public static final float SATURATION = 0.6f;
    static final float NOISE = 0.05f;

    private static final float[] HARMONICS = {1f, 0.5f, 0.25f};

    private final double fundamentalHz;
    private final double[] phases = new double[HARMONICS.length];
    private final List<SignalFault> faults;
    private final SplittableRandom noise;
    private long position;

    public VibrationSignal(int machine, long seed, List<SignalFault> faults) {
        this.fundamentalHz = fundamentalHz(machine);
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + machine);
        for (int h = 0; h < phases.length; h++) {
            phases[h] = random.nextDouble(2 * Math.PI);
        }
        this.noise = random.split();
        this.faults = List.copyOf(faults);
    }

    /** The shaft speed of machine {@code machine}: 20, 27.5, 35 or 42.5 Hz. */
    public static double fundamentalHz(int machine) {
        return 20 + 7.5 * Math.floorMod(machine, SPEEDS);
    }

    /** The index of the next sample {@link #next} returns. */
    public long position() {
        return position;
    }

    /** The next {@code n} samples. */
    public float[] next(int n) {
        float[] samples = new float[n];
        for (int i = 0; i < n; i++) {
            samples[i] = sample(position++);
        }
        return samples;
    }

    private float sample(long t) {
        double value = 0;
        for (int h = 0; h < HARMONICS.length; h++) {
            value +=
                    HARMONICS[h]
                            * Math.sin(
                                    2 * Math.PI * (h + 1) * fundamentalHz * t / SAMPLE_RATE
                                            + phases[h]);
        }
        value += NOISE * noise.nextDouble(-1.7320508, 1.7320508); // unit variance uniform
        for (SignalFault fault : faults) {
            if (fault.covers(t)) {
                value = inject(fault, t, value);
            }
        }
        return (float) value;
    }

    private static double inject(SignalFault fault, long t, double value) {
        long since = t - fault.start();
        return switch (fault.kind()) {
            case IMPULSES -> value + 3 * Math.exp(-(since % IMPULSE_PERIOD) / 3.0);
            case DRIFT -> value + DRIFT_PER_SAMPLE * since;
            case SATURATION -> Math.max(-SATURATION, Math.min(SATURATION, value));
            case DROPOUT -> 0;
        };
    }
}

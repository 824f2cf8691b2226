package dev.vigil.nn.synthetic;

import static dev.vigil.nn.onnx.OnnxGraph.Attribute.integer;
import static dev.vigil.nn.onnx.OnnxGraph.Attribute.ints;

import dev.vigil.nn.Normalization;
import dev.vigil.nn.TensorSpec;
import dev.vigil.nn.onnx.OnnxGraph;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An anomaly detector for windows of one vibration channel, fitted here, in Java, on healthy {@link
 * VibrationSignal}s: principal component analysis of {@value #WINDOW}-sample windows, and a
 * window's score is its reconstruction error (the mean squared part of it that the first {@value
 * #COMPONENTS} components do not explain) over the error {@link #threshold} the fit calls normal.
 * Healthy windows are a few sinusoids and noise, which the components span (each sinusoid of the
 * {@value VibrationSignal#SPEEDS} speeds × 3 harmonics is two of them); impulses, drift and
 * saturation are not. A dead sensor's flat line is reconstructed perfectly (all coefficients 0), so
 * the score is the larger of that ratio and {@link #energyFloor} over the window's energy (mean
 * square after centring): a window with less than half the least energy of a healthy one is not
 * normal either.
 *
 * <ul>
 *   <li>Input {@code windows}: float {@code [N, 1, 1, 256]}, raw samples (the model centres them).
 *   <li>Output {@code score}: float {@code [N, 1]}: error / threshold, so 1.0 is the boundary.
 * </ul>
 *
 * The fit is deterministic: the same signals (fixed seeds), a covariance in double precision and
 * the top components by orthogonal iteration from a seeded start, so the ONNX bytes are the same on
 * every run. {@link #score} is the same computation in plain Java, the benchmark's baseline.
 */
public final class PcaAnomalyDetector {
    public static final String NAME = "pca-anomaly";
    public static final int WINDOW = 256;
    public static final int SLIDE = 64;
    public static final int COMPONENTS = 2 * 3 * VibrationSignal.SPEEDS;

    /** Healthy machines and windows per machine the fit sees. */
    static final int FIT_MACHINES = 2 * VibrationSignal.SPEEDS;

    static final int FIT_WINDOWS = 250;
    static final long FIT_SEED = 20261201L;

    /** The threshold is this much above the largest error of a healthy window of the fit. */
    static final double MARGIN = 1.5;

    private static final int ITERATIONS = 60;
    private static final float EPSILON = 1e-6f;

    private final float[] mean;
    private final float[] components; // [WINDOW][COMPONENTS], row-major
    private final float threshold;
    private final float energyFloor;

    private PcaAnomalyDetector(
            float[] mean, float[] components, float threshold, float energyFloor) {
        this.mean = mean;
        this.components = components;
        this.threshold = threshold;
        this.energyFloor = energyFloor;
    }

    /** Fits the detector on the healthy machines. */
    public static PcaAnomalyDetector fit() {
        double[][] windows = healthyWindows();
        int d = WINDOW;
        double[] mean = new double[d];
        for (double[] w : windows) {
            for (int i = 0; i < d; i++) {
                mean[i] += w[i] / windows.length;
            }
        }
        double[][] cov = new double[d][d];
        double[] centred = new double[d];
        for (double[] w : windows) {
            for (int i = 0; i < d; i++) {
                centred[i] = w[i] - mean[i];
            }
            for (int i = 0; i < d; i++) {
                double ci = centred[i];
                double[] row = cov[i];
                for (int j = i; j < d; j++) {
                    row[j] += ci * centred[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] /= windows.length;
                cov[j][i] = cov[i][j];
            }
        }
        double[][] basis = topComponents(cov, COMPONENTS);
        float[] meanF = new float[d];
        float[] comps = new float[d * COMPONENTS];
        for (int i = 0; i < d; i++) {
            meanF[i] = (float) mean[i];
            for (int k = 0; k < COMPONENTS; k++) {
                comps[i * COMPONENTS + k] = (float) basis[k][i];
            }
        }
        PcaAnomalyDetector unscaled = new PcaAnomalyDetector(meanF, comps, 1f, 0f);
        double largest = 0;
        double leastEnergy = Double.MAX_VALUE;
        for (double[] w : windows) {
            float[] f = new float[d];
            for (int i = 0; i < d; i++) {
                f[i] = (float) w[i];
            }
            largest = Math.max(largest, unscaled.score(f, 0));
            leastEnergy = Math.min(leastEnergy, unscaled.energy(f, 0));
        }
        return new PcaAnomalyDetector(
                meanF, comps, (float) (largest * MARGIN), (float) (leastEnergy / 2));
    }

    private static double[][] healthyWindows() {
        double[][] windows = new double[FIT_MACHINES * FIT_WINDOWS][];
        int n = 0;
        for (int machine = 0; machine < FIT_MACHINES; machine++) {
            VibrationSignal signal = new VibrationSignal(machine, FIT_SEED, List.of());
            float[] samples = signal.next(WINDOW + SLIDE * (FIT_WINDOWS - 1));
            for (int w = 0; w < FIT_WINDOWS; w++) {
                double[] window = new double[WINDOW];
                for (int i = 0; i < WINDOW; i++) {
                    window[i] = samples[w * SLIDE + i];
                }
                windows[n++] = window;
            }
        }
        return windows;
    }

    /** The {@code k} leading eigenvectors of the symmetric {@code m}, by orthogonal iteration. */
    private static double[][] topComponents(double[][] m, int k) {
        int d = m.length;
        SplittableRandom random = new SplittableRandom(FIT_SEED);
        double[][] q = new double[k][d];
        for (double[] v : q) {
            for (int i = 0; i < d; i++) {
                v[i] = random.nextDouble(-1, 1);
            }
        }
        orthonormalise(q);
        for (int it = 0; it < ITERATIONS; it++) {
            double[][] next = new double[k][d];
            for (int c = 0; c < k; c++) {
                for (int i = 0; i < d; i++) {
                    double sum = 0;
                    for (int j = 0; j < d; j++) {
                        sum += m[i][j] * q[c][j];
                    }
                    next[c][i] = sum;
                }
            }
            orthonormalise(next);
            q = next;
        }
        return q;
    }

    /** Modified Gram-Schmidt, in place. */
    private static void orthonormalise(double[][] vectors) {
        for (int c = 0; c < vectors.length; c++) {
            double[] v = vectors[c];
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int i = 0; i < v.length; i++) {
                    dot += v[i] * vectors[p][i];
                }
                for (int i = 0; i < v.length; i++) {
                    v[i] -= dot * vectors[p][i];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
        }
    }

    /** The error a window may have and still be normal, in squared sample units. */
    public float threshold() {
        return threshold;
    }

    /** Below this energy (mean square after centring) a window is not normal. */
    public float energyFloor() {
        return energyFloor;
    }

    private float energy(float[] samples, int offset) {
        float sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            float c = samples[offset + i] - mean[i];
            sum += c * c;
        }
        return sum / WINDOW;
    }

    /**
     * The score of the window at {@code offset} in {@code samples}, as the ONNX model computes it:
     * the larger of mean squared reconstruction error / threshold and energy floor / energy.
     */
    public float score(float[] samples, int offset) {
        float[] centred = new float[WINDOW];
        for (int i = 0; i < WINDOW; i++) {
            centred[i] = samples[offset + i] - mean[i];
        }
        float[] coefficients = new float[COMPONENTS];
        for (int i = 0; i < WINDOW; i++) {
            float c = centred[i];
            int row = i * COMPONENTS;
            for (int k = 0; k < COMPONENTS; k++) {
                coefficients[k] += c * components[row + k];
            }
        }
        float error = 0;
        for (int i = 0; i < WINDOW; i++) {
            float reconstructed = 0;
            int row = i * COMPONENTS;
            for (int k = 0; k < COMPONENTS; k++) {
                reconstructed += coefficients[k] * components[row + k];
            }
            float r = centred[i] - reconstructed;
            error += r * r;
        }
        float quiet = energyFloor / (energy(samples, offset) + EPSILON);
        return Math.max(error / WINDOW * (1f / threshold), quiet);
    }

    /** The detector as an ONNX model with its descriptor facts. */
    public SyntheticModel model() {
        OnnxGraph graph = new OnnxGraph();
        String shape = graph.initializer("flat_shape", new long[] {-1, WINDOW}, 2);
        String flat = graph.node("Reshape", "flat", List.of("windows", shape));
        String meanName = graph.initializer("mean", mean, WINDOW);
        String centred = graph.node("Sub", "centred", List.of(flat, meanName));
        String basis = graph.initializer("components", components, WINDOW, COMPONENTS);
        String basisT = graph.initializer("components_t", transposed(), COMPONENTS, WINDOW);
        String coefficients = graph.node("MatMul", "coefficients", List.of(centred, basis));
        String reconstructed = graph.node("MatMul", "reconstructed", List.of(coefficients, basisT));
        String residual = graph.node("Sub", "residual", List.of(centred, reconstructed));
        String squared = graph.node("Mul", "squared", List.of(residual, residual));
        String error =
                graph.node(
                        "ReduceMean",
                        "error",
                        List.of(squared),
                        ints("axes", 1),
                        integer("keepdims", 1));
        String inverse = graph.initializer("inverse_threshold", new float[] {1f / threshold});
        String unexplained = graph.node("Mul", "unexplained", List.of(error, inverse));
        String centredSquared = graph.node("Mul", "centred_squared", List.of(centred, centred));
        String energy =
                graph.node(
                        "ReduceMean",
                        "energy",
                        List.of(centredSquared),
                        ints("axes", 1),
                        integer("keepdims", 1));
        String epsilon = graph.initializer("epsilon", new float[] {EPSILON});
        String floor = graph.initializer("energy_floor", new float[] {energyFloor});
        String padded = graph.node("Add", "padded_energy", List.of(energy, epsilon));
        String quiet = graph.node("Div", "quiet", List.of(floor, padded));
        graph.node("Max", "score", List.of(unexplained, quiet));
        return new SyntheticModel(
                NAME,
                "Anomaly score of 256-sample windows of one vibration channel: PCA reconstruction"
                        + " error ("
                        + COMPONENTS
                        + " components, fitted in Java on synthetic healthy machines) over the"
                        + " threshold "
                        + threshold
                        + ", or energy floor "
                        + energyFloor
                        + " over the window's energy, whichever is larger; 1.0 is the boundary of"
                        + " normal.",
                List.of(TensorSpec.of("windows", TensorSpec.FLOAT, "NCHW", -1, 1, 1, WINDOW)),
                List.of(TensorSpec.of("score", TensorSpec.FLOAT, "", -1, 1)),
                List.of("anomaly"),
                Normalization.none(),
                2L * WINDOW * COMPONENTS,
                graph);
    }

    private float[] transposed() {
        float[] t = new float[components.length];
        for (int i = 0; i < WINDOW; i++) {
            for (int k = 0; k < COMPONENTS; k++) {
                t[k * WINDOW + i] = components[i * COMPONENTS + k];
            }
        }
        return t;
    }
}

package dev.vigil.nn.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vigil.nn.synthetic.SignalFault.Kind;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PcaAnomalyDetectorTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final PcaAnomalyDetector DETECTOR = PcaAnomalyDetector.fit();
    private static final int W = PcaAnomalyDetector.WINDOW;

    @Test
    void healthyMachinesItNeverSawScoreBelowTheBoundary() {
        for (int machine = 100; machine < 108; machine++) {
            float[] samples = new VibrationSignal(machine, 7, List.of()).next(W * 40);
            for (int w = 0; w < 40; w++) {
                assertThat(DETECTOR.score(samples, w * W))
                        .as("machine %d window %d", machine, w)
                        .isLessThan(1f);
            }
        }
    }

    @Test
    void everyKindOfFaultScoresAboveTheBoundaryOnceItFillsAQuarterWindow() {
        for (Kind kind : Kind.values()) {
            VibrationSignal signal =
                    new VibrationSignal(3, 7, List.of(new SignalFault(kind, 4 * W, 8 * W)));
            float[] samples = signal.next(8 * W);
            for (int w = 0; w < 4; w++) {
                assertThat(DETECTOR.score(samples, w * W)).as("%s before", kind).isLessThan(1f);
            }
            for (int w = 5; w < 8; w++) { // drift is small at its start: from the second window
                assertThat(DETECTOR.score(samples, w * W))
                        .as("%s window %d", kind, w)
                        .isGreaterThan(1f);
            }
        }
    }

    @Test
    void theOnnxModelScoresAsThePlainJavaScorer() throws OrtException {
        int n = 6;
        VibrationSignal signal =
                new VibrationSignal(1, 9, List.of(new SignalFault(Kind.IMPULSES, 3L * W, 6L * W)));
        float[] samples = signal.next(n * W);
        float[] scores;
        try (OrtSession session = ENV.createSession(DETECTOR.model().onnx());
                OnnxTensor input =
                        OnnxTensor.createTensor(
                                ENV, FloatBuffer.wrap(samples), new long[] {n, 1, 1, W});
                OrtSession.Result result = session.run(Map.of("windows", input))) {
            OnnxTensor out = (OnnxTensor) result.get("score").orElseThrow();
            assertThat(out.getInfo().getShape()).containsExactly(n, 1);
            scores = out.getFloatBuffer().array();
        }
        for (int w = 0; w < n; w++) {
            float expected = DETECTOR.score(samples, w * W);
            assertThat(scores[w])
                    .as("window %d", w)
                    .isCloseTo(expected, within(1e-3f * (1 + expected)));
        }
    }

    @Test
    void isTheSameFileOnEveryFit() {
        byte[] first = DETECTOR.model().onnx();
        byte[] again = PcaAnomalyDetector.fit().model().onnx();
        assertThat(Arrays.mismatch(first, again)).isEqualTo(-1);
    }
}

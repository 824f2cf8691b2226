package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.nn.synthetic.PcaAnomalyDetector;
import dev.vigil.nn.synthetic.SignalFault;
import dev.vigil.nn.synthetic.VibrationSignal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled anomaly-score guest with the PCA anomaly model in ONNX Runtime: windows of samples
 * reach the model through the {@code tensor_copy} kernel, an anomalous window is one box over the
 * whole window scoring {@code s / (1 + s)} of the model's score {@code s}, a normal one none, and a
 * window the kernel cannot use fails alone.
 */
class AnomalyGuestITCase {
    private static final PcaAnomalyDetector DETECTOR = PcaAnomalyDetector.fit();
    private static final int W = PcaAnomalyDetector.WINDOW;

    @TempDir Path root;
    private ModelHost host;
    private GuestPool pool;

    @BeforeEach
    void start() {
        DETECTOR.model().importInto(new ModelRepository(root), "1");
        host =
                new ModelHost(
                        NnSettings.builder()
                                .repository(root)
                                .providers(List.of(ExecutionProvider.CPU))
                                .warmupBatchSizes(List.of(1))
                                .intraOpThreads(1)
                                .build());
        WasmSettings settings =
                WasmSettings.builder()
                        .allowModel("detector", ModelRef.parse(PcaAnomalyDetector.NAME + "@1"))
                        .poolSize(1)
                        .build();
        pool = GuestPool.start(GuestModule.bundled("anomaly-score", settings), settings, host);
    }

    @AfterEach
    void stop() {
        pool.close();
        host.close();
    }

    @Test
    void anAnomalousWindowIsOneBoxOverTheWindowAndANormalOneNone() {
        float[] healthy = new VibrationSignal(2, 5, List.of()).next(W);
        float[] faulty =
                new VibrationSignal(2, 5, List.of(new SignalFault(SignalFault.Kind.IMPULSES, 0, W)))
                        .next(W);

        List<FrameResult> results =
                pool.process(List.of(window("m-1", 1, healthy), window("m-2", 1, faulty)));

        assertThat(results).noneMatch(FrameResult::failed);
        assertThat(results.get(0).detections()).isEmpty();
        assertThat(results.get(1).detections()).hasSize(1);
        GuestBox box = results.get(1).detections().get(0);
        float s = DETECTOR.score(faulty, 0);
        assertThat(s).isGreaterThan(1f);
        assertThat(box.score()).isCloseTo(s / (1 + s), within(1e-3f));
        assertThat(box.label()).isZero();
        assertThat(new float[] {box.x0(), box.y0(), box.x1(), box.y1()})
                .containsExactly(0f, 0f, W, 1f);
    }

    @Test
    void aWindowOfAnotherShapeOrWithANaNFailsAloneAndAnImageIsNotTaken() {
        float[] healthy = new VibrationSignal(1, 5, List.of()).next(W);
        float[] withNaN = healthy.clone();
        withNaN[17] = Float.NaN;
        GuestFrame shorter = window("m-3", 2, new float[W / 2]);
        GuestFrame image = new Frames(16, 8).raw("cam-1", 1);

        List<FrameResult> results =
                pool.process(
                        List.of(
                                window("m-1", 1, healthy),
                                shorter,
                                window("m-2", 1, withNaN),
                                image));

        assertThat(results.get(0).failed()).isFalse();
        assertThat(results.get(1).failure().orElseThrow().reason())
                .isEqualTo(FrameRejection.Reason.TENSOR_SHAPE_MISMATCH);
        assertThat(results.get(2).failure().orElseThrow().reason())
                .isEqualTo(FrameRejection.Reason.NON_FINITE_TENSOR);
        assertThat(results.get(2).failure().orElseThrow().message()).contains("sample 17");
        assertThat(results.get(3).failure().orElseThrow().reason())
                .isEqualTo(FrameRejection.Reason.ENCODING_NOT_ACCEPTED);
    }

    /** One channel of {@code samples} as a FLOAT32_TENSOR frame. */
    static GuestFrame window(String source, long sequence, float[] samples) {
        ByteBuffer payload = ByteBuffer.allocate(4 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        payload.asFloatBuffer().put(samples);
        return GuestFrame.of(
                source, sequence, FrameEncoding.FLOAT32_TENSOR, samples.length, 1, payload.array());
    }
}

package dev.vigil.perf.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.job.JobOptions;
import dev.vigil.job.WasmInferenceFactory;
import dev.vigil.job.inference.FrameInference;
import dev.vigil.job.inference.FrameOutcome;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain-Java baseline makes the very records the deterministic-detect guest makes. */
class JavaFrameInferenceTest {
    @TempDir Path repository;

    @Test
    void findsWhatTheGuestFinds() throws Exception {
        DeterministicDetector.build().importInto(new ModelRepository(repository), "1");
        Configuration options = new Configuration();
        options.set(JobOptions.GUEST, "bundled:deterministic-detect");
        options.set(JobOptions.MODELS, Map.of("detector", DeterministicDetector.NAME + "@1"));
        options.set(JobOptions.MODEL_REPOSITORY, repository.toString());
        options.set(JobOptions.PROVIDERS, List.of("CPU"));
        List<Frame> batch =
                List.of(
                        // Two squares, one off the 8-pixel grid: letterbox at factor 1.
                        frame(
                                1,
                                640,
                                640,
                                new int[] {40, 48, 64, 64},
                                new int[] {301, 203, 77, 50}),
                        // Smaller than the batch tensor: padded around.
                        frame(2, 320, 240, new int[] {100, 60, 40, 40}),
                        // Larger than 640: shrunk, bilinear.
                        frame(3, 1280, 960, new int[] {500, 400, 160, 120}),
                        frame(4, 320, 240),
                        broken(5));

        List<FrameOutcome> wasm = run(new WasmInferenceFactory(options), batch);
        List<FrameOutcome> java = run(new JavaInferenceFactory(options), batch);

        assertThat(wasm.get(0).detection().getBoxes()).hasSize(2);
        assertThat(wasm.get(3).detection().getBoxes()).isEmpty();
        assertThat(wasm.get(4).failure().reasonCode()).isEqualTo("CORRUPT_IMAGE");
        for (int i = 0; i < batch.size(); i++) {
            FrameOutcome guest = wasm.get(i);
            FrameOutcome plain = java.get(i);
            if (guest.failure() != null) {
                assertThat(plain.failure().reasonCode()).isEqualTo(guest.failure().reasonCode());
            } else {
                assertThat(plain.detection().getBoxes())
                        .as("frame %d", i + 1)
                        .isEqualTo(guest.detection().getBoxes());
                assertThat(plain.detection().getModelName())
                        .isEqualTo(guest.detection().getModelName());
            }
        }
    }

    private static List<FrameOutcome> run(FrameInference.Factory factory, List<Frame> batch)
            throws Exception {
        try (FrameInference inference = factory.create(0, List.of())) {
            return inference.infer(batch);
        }
    }

    /** A black RAW frame with white rectangles {x, y, w, h}. */
    private static Frame frame(long seq, int width, int height, int[]... rects) {
        return BenchFrames.frame(
                "cam",
                seq,
                FrameEncoding.RAW_RGB8,
                width,
                height,
                BenchFrames.rgb(width, height, rects));
    }

    private static Frame broken(long seq) {
        return BenchFrames.frame("cam", seq, FrameEncoding.JPEG, 64, 48, new byte[] {1, 2, 3});
    }
}

package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRef;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both ways a model's output reaches a guest, through the test guest {@code test-nn-paths}: copied
 * by {@code get_output}, or bound with {@code set_output} and written in place by ONNX Runtime
 * (also read into a second address), and the host's refusals of bad bindings and of a tensor of the
 * wrong type; with the detector taking floats and with the one taking 8-bit pixels. The guest fails
 * the frame naming any status it did not expect.
 */
class NnHostModuleTest {
    private static final float WHITE_CELL = (float) (1 / (1 + Math.exp(-10)));

    @TempDir Path root;

    static List<ModelRef> detectors() {
        return List.of(DetectorFixture.DETECTOR, DetectorFixture.PIXEL_DETECTOR);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void copiedAndInPlaceOutputsAgreeAndBadBindingsAreRefused(ModelRef detector) {
        WasmSettings settings = DetectorFixture.settings(detector).poolSize(1).build();
        try (ModelHost host = DetectorFixture.host(root);
                GuestPool pool =
                        GuestPool.start(
                                TestGuests.load("test-nn-paths", settings), settings, host)) {
            for (int call = 0; call < 2; call++) { // first a new shape (copied once), then pinned
                FrameResult result =
                        pool.process(List.of(new Frames(8, 8).white(0, 0, 8, 8).raw("p", call)))
                                .get(0);

                assertThat(result.failure()).as("call %d", call).isEmpty();
                assertThat(result.detections())
                        .extracting(GuestBox::label)
                        .containsExactly(0, 1, 2);
                for (GuestBox d : result.detections()) {
                    assertThat(d.score())
                            .as("path %d", d.label())
                            .isCloseTo(WHITE_CELL, within(1e-6f));
                }
            }
        }
    }
}

package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRef;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled deterministic guest with the real generated detector in ONNX Runtime. The detector's
 * heatmap cell (i, j) is sigmoid(20 * (mean brightness of tensor pixels 8i..8i+7, 8j..8j+7 - 0.5)),
 * so a cell fully white reads sigmoid(10) and a black one sigmoid(-10); the guest thresholds at 0.5
 * and boxes 4-connected cells. Every expected box below follows from that by hand. {@link
 * DeterministicGuestOnPixelsITCase} runs the same with the detector that takes 8-bit pixels.
 */
class DeterministicGuestITCase {
    private static final float WHITE_CELL = (float) (1 / (1 + Math.exp(-10)));

    @TempDir Path root;
    private ModelHost host;
    private GuestPool pool;

    @BeforeEach
    void start() {
        host = DetectorFixture.host(root);
        WasmSettings settings = DetectorFixture.settings(detector()).poolSize(1).build();
        pool = GuestPool.start(DetectorFixture.guest(settings), settings, host);
    }

    /** The model bound as "detector". */
    ModelRef detector() {
        return DetectorFixture.DETECTOR;
    }

    @AfterEach
    void stop() {
        pool.close();
        host.close();
    }

    @Test
    void boxesBrightRegionsInFramePixelsAcrossEncodingsAndSizes() {
        // A, 64x48 raw: white cells (cols 2-4, rows 1-2) and (cols 6-7, rows 4-5).
        GuestFrame a = new Frames(64, 48).white(16, 8, 40, 24).white(48, 32, 64, 48).raw("a", 1);
        // B, 60x44 PNG in the batch's 64x48 tensor: never enlarged, centred with 2 px of padding
        // on each side, so its rectangle x 14..38, y 6..22 fills cells cols 2-4, rows 1-2 exactly
        // and maps back to itself.
        GuestFrame b = new Frames(60, 44).white(14, 6, 38, 22).png("b", 1);
        // C, 64x48 JPEG, all black: nothing.
        GuestFrame c = new Frames(64, 48).jpeg("c", 1);
        // D, raw: cells (0,0) and (1,1) touch only at a corner, so they are two boxes.
        GuestFrame d = new Frames(64, 48).white(0, 0, 8, 8).white(8, 8, 16, 16).raw("d", 1);
        // E, JPEG: the same rectangle as B's, at quality 0.95: compression noise stays far from
        // the threshold, so the box is the same.
        GuestFrame e = new Frames(64, 48).white(16, 8, 40, 24).jpeg("e", 1);

        List<FrameResult> results = pool.process(List.of(a, b, c, d, e));

        assertThat(results)
                .extracting(FrameResult::id)
                .containsExactly(a.id(), b.id(), c.id(), d.id(), e.id());
        assertThat(results).noneMatch(FrameResult::failed);
        assertBoxes(results.get(0), new float[][] {{16, 8, 40, 24}, {48, 32, 64, 48}});
        assertBoxes(results.get(1), new float[][] {{14, 6, 38, 22}});
        assertBoxes(results.get(2), new float[][] {});
        assertBoxes(results.get(3), new float[][] {{0, 0, 8, 8}, {8, 8, 16, 16}});
        assertBoxes(results.get(4), new float[][] {{16, 8, 40, 24}});
        assertThat(results.get(0).detections().get(0).score()).isCloseTo(WHITE_CELL, within(1e-6f));
        assertThat(results.get(0).detections().get(0).label()).isZero();
    }

    @Test
    void aCellMoreThanHalfBrightCountsAndOneLessThanHalfDoesNot() {
        // Columns 0..4 of cell (0,0) white: mean 5/8 > 0.5. Columns 8..10 of cell (0,1): 3/8.
        GuestFrame frame = new Frames(16, 8).white(0, 0, 5, 8).white(8, 0, 11, 8).raw("h", 1);

        FrameResult result = pool.process(List.of(frame)).get(0);

        assertBoxes(result, new float[][] {{0, 0, 8, 8}});
        float expected = (float) (1 / (1 + Math.exp(-20 * (5 / 8.0 - 0.5))));
        assertThat(result.detections().get(0).score()).isCloseTo(expected, within(1e-5f));
    }

    @Test
    void aBadFrameFailsAloneAndTheRestOfItsBatchIsServed() {
        GuestFrame broken =
                GuestFrame.of("cam-9", 3, FrameEncoding.JPEG, 64, 48, new byte[] {(byte) 0xFF, 0});
        GuestFrame good = new Frames(64, 48).white(16, 8, 40, 24).raw("cam-9", 4);

        List<FrameResult> results = pool.process(List.of(broken, good));

        assertThat(results.get(0).failure())
                .hasValueSatisfying(
                        rejection -> {
                            assertThat(rejection.reason())
                                    .isEqualTo(FrameRejection.Reason.CORRUPT_IMAGE);
                            assertThat(rejection.message()).contains("JPEG");
                        });
        assertThat(results.get(0).detections()).isEmpty();
        assertBoxes(results.get(1), new float[][] {{16, 8, 40, 24}});
        assertThat(pool.stats().discarded()).isZero();
    }

    @Test
    void largeFramesAreShrunkIntoTheTensorAndBoxesMappedBack() {
        // 1280x960 halves to 640x480: a white block x 320..640, y 160..480 becomes 160..320,
        // 80..240 in the tensor, exactly cells cols 20-39, rows 10-29, and maps back to itself.
        GuestFrame big = new Frames(1280, 960).white(320, 160, 640, 480).raw("big", 1);

        FrameResult result = pool.process(List.of(big)).get(0);

        assertBoxes(result, new float[][] {{320, 160, 640, 480}});
    }

    private static void assertBoxes(FrameResult result, float[][] expected) {
        assertThat(result.detections()).as("boxes of %s", result.id()).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            GuestBox d = result.detections().get(i);
            assertThat(new float[] {d.x0(), d.y0(), d.x1(), d.y1()})
                    .as("box %d of %s", i, result.id())
                    .containsExactly(expected[i], within(1e-3f));
        }
    }
}

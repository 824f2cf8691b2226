package dev.vigil.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.nn.synthetic.DeterministicDetector;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelLease#runInto}: outputs written into the caller's buffers, as the Wasm host does with
 * views of guest memory. The generated detector's heatmap is known by hand: a white 8×8 cell reads
 * sigmoid(10), a black one sigmoid(-10).
 */
class ModelLeaseRunIntoTest {
    private static final float WHITE = (float) (1 / (1 + Math.exp(-10)));
    private static final float BLACK = (float) (1 / (1 + Math.exp(10)));
    private static final float SENTINEL = -7f;

    @TempDir Path root;
    private ModelHost host;
    private ModelLease lease;

    @BeforeEach
    void lease() {
        DeterministicDetector.build().importInto(new ModelRepository(root), "1");
        host =
                new ModelHost(
                        NnSettings.builder()
                                .repository(root)
                                .providers(List.of(ExecutionProvider.CPU))
                                .warmupBatchSizes(List.of(1))
                                .build());
        lease = host.lease(ModelRef.parse(DeterministicDetector.NAME), 0);
    }

    @AfterEach
    void close() {
        lease.close();
        host.close();
    }

    @Test
    void writesEachOutputIntoTheCallersBufferFromItsPositionOnAndNowhereElse() {
        // Batch 3 of 16x24: frame i has only cell (0, i) white; cells per frame 2 x 3.
        FloatBuffer input = DirectBuffers.allocate(3 * 3 * 16 * 24);
        for (int frame = 0; frame < 3; frame++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 8; y++) {
                    for (int x = 8 * frame; x < 8 * frame + 8; x++) {
                        input.put(((frame * 3 + c) * 16 + y) * 24 + x, 1f);
                    }
                }
            }
        }
        // Like guest memory: a larger region, the output at an offset, sentinels around it.
        FloatBuffer memory = DirectBuffers.allocate(100);
        // Twice: the first batch of this shape copies once, the second is pinned in place.
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < 100; i++) {
                memory.put(i, SENTINEL);
            }
            FloatBuffer out = memory.duplicate().position(10).limit(40);

            Map<String, long[]> shapes =
                    lease.runInto(
                            null,
                            input.duplicate(),
                            new long[] {3, 3, 16, 24},
                            Map.of("heatmap", out));

            assertThat(shapes.get("heatmap")).containsExactly(3, 1, 2, 3);
            assertThat(out.position()).isEqualTo(10);
            assertThat(out.limit()).isEqualTo(40);
            for (int i = 0; i < 100; i++) {
                int cell = i - 10;
                if (cell < 0 || cell >= 18) {
                    assertThat(memory.get(i)).as("pass %d, float %d", pass, i).isEqualTo(SENTINEL);
                } else {
                    int frame = cell / 6;
                    boolean white = cell % 6 == frame; // row 0, column = frame
                    assertThat(memory.get(i))
                            .as("pass %d, frame %d cell %d", pass, frame, cell % 6)
                            .isCloseTo(white ? WHITE : BLACK, within(1e-6f));
                }
            }
        }
    }

    @Test
    void givesTheSameValuesAsTheCopyingRun() {
        FloatBuffer input = DirectBuffers.allocate(3 * 8 * 16);
        for (int i = 0; i < input.capacity(); i++) {
            input.put(i, (i % 13) / 12f);
        }
        FloatBuffer out = DirectBuffers.allocate(2);
        lease.runInto(
                "images", input.duplicate(), new long[] {1, 3, 8, 16}, Map.of("heatmap", out));
        try (BatchResult result = lease.run(input.duplicate(), 1, 3, 8, 16)) {
            FloatBuffer expected = result.output("heatmap");
            assertThat(out.get(0)).isEqualTo(expected.get(0));
            assertThat(out.get(1)).isEqualTo(expected.get(1));
            assertThat(out.get(0)).isNotEqualTo(out.get(1));
        }
    }

    @Test
    void refusesBuffersItCannotWriteIntoWithWhatToDo() {
        FloatBuffer input = DirectBuffers.allocate(3 * 8 * 16);
        long[] shape = {1, 3, 8, 16};
        assertThatThrownBy(
                        () ->
                                lease.runInto(
                                        null,
                                        input,
                                        shape,
                                        Map.of("heatmap", FloatBuffer.allocate(2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a direct FloatBuffer in native byte order");
        assertThatThrownBy(
                        () ->
                                lease.runInto(
                                        null,
                                        input,
                                        shape,
                                        Map.of("scores", DirectBuffers.allocate(2))))
                .isInstanceOf(InputMismatchException.class)
                .hasMessageContaining("has no output 'scores'; its outputs are [heatmap]");
        for (int pass = 0; pass < 2; pass++) { // unseen shape, then seen (pinned) shape
            assertThatThrownBy(
                            () ->
                                    lease.runInto(
                                            null,
                                            input,
                                            shape,
                                            Map.of("heatmap", DirectBuffers.allocate(1))))
                    .isInstanceOf(InputMismatchException.class)
                    .hasMessageContaining("output 'heatmap' of shape [1, 1, 1, 2] needs 2 floats")
                    .hasMessageContaining("holds 1");
            lease.run(input.duplicate(), shape).close();
        }
        assertThatThrownBy(() -> lease.runInto(null, input, shape, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs at least one output buffer");
    }

    @Test
    void runsAPixelModelOnBytesInPlaceAndSaysWhichBufferAModelTakes() {
        DeterministicDetector.build().pixelForm("1").importInto(new ModelRepository(root));
        try (ModelLease pixels = host.lease(ModelRef.parse(DeterministicDetector.PIXELS_NAME), 0)) {
            // 8x16 RGB pixels: the left cell white, the right one black.
            ByteBuffer input = ByteBuffer.allocateDirect(8 * 16 * 3);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    for (int c = 0; c < 3; c++) {
                        input.put((y * 16 + x) * 3 + c, (byte) 255);
                    }
                }
            }
            long[] shape = {1, 8, 16, 3};
            for (int pass = 0; pass < 2; pass++) { // unseen shape, then pinned
                FloatBuffer out = DirectBuffers.allocate(2);
                pixels.runInto(null, input.duplicate(), shape, Map.of("heatmap", out));
                assertThat(out.get(0)).isCloseTo(WHITE, within(1e-6f));
                assertThat(out.get(1)).isCloseTo(BLACK, within(1e-6f));
            }

            assertThatThrownBy(() -> pixels.run(null, DirectBuffers.allocate(8 * 16 * 3), shape))
                    .isInstanceOf(InputMismatchException.class)
                    .hasMessageContaining(
                            "input 'pixels' takes uint8 values, given float (a ByteBuffer is what"
                                    + " it needs)");
            assertThatThrownBy(
                            () ->
                                    lease.run(
                                            null,
                                            ByteBuffer.allocateDirect(3 * 8 * 16),
                                            1,
                                            3,
                                            8,
                                            16))
                    .isInstanceOf(InputMismatchException.class)
                    .hasMessageContaining("takes float values, given uint8");
        }
    }
}

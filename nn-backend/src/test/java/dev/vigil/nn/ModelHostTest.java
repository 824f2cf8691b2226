package dev.vigil.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.nn.synthetic.SyntheticModel;
import dev.vigil.nn.synthetic.TestModels;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host with a real ONNX model: the generated detector, whose outputs are known exactly. */
class ModelHostTest {
    private static final SyntheticModel DETECTOR = DeterministicDetector.build();
    private static final int HEIGHT = 48;
    private static final int WIDTH = 64;
    private static final int CELLS = (HEIGHT / 8) * (WIDTH / 8);

    @TempDir Path root;
    private ModelHost host;

    @BeforeEach
    void importDetector() {
        DETECTOR.importInto(new ModelRepository(root), "1");
        host =
                new ModelHost(
                        NnSettings.builder()
                                .repository(root)
                                .providers(List.of(ExecutionProvider.CPU))
                                .warmupBatchSizes(List.of(1, 2))
                                .build());
    }

    @Test
    void theSameFileUnderTwoNamesLoadsOnceAndClosesWithTheLastLease() throws IOException {
        DETECTOR.importInto(host.repository(), "7");
        ModelLease first = host.lease(ModelRef.parse(DeterministicDetector.NAME + "@1"), 0);
        deleteModelFile(DeterministicDetector.NAME + "@1");
        deleteModelFile(DeterministicDetector.NAME + "@7");
        // The file is loaded (by its SHA-256), so these leases read no file.
        ModelLease second = host.lease(ModelRef.parse(DeterministicDetector.NAME + "@7"), 0);
        ModelLease third = host.lease(ModelRef.parse(DeterministicDetector.NAME), 0);

        assertThat(third.descriptor().version()).isEqualTo("7");
        assertThat(first.provider()).isEqualTo(ExecutionProvider.CPU);

        first.close();
        first.close(); // a second close must not release another slot's lease
        second.close();
        try (ModelLease again = host.lease(ModelRef.parse(DeterministicDetector.NAME + "@1"), 0);
                BatchResult result = again.run(DirectBuffers.allocate(3 * 8 * 8), 1, 3, 8, 8)) {
            assertThat(result.shape("heatmap")).containsExactly(1, 1, 1, 1);
        }
        third.close();
        assertUnloaded(DeterministicDetector.NAME + "@1");
    }

    @Test
    void runsABatchAndReadsEachFramesOutputAsItsOwnSlice() {
        FloatBuffer batch = DirectBuffers.allocate(2 * 3 * HEIGHT * WIDTH);
        // Frame 0 all white, frame 1 black but for its top-left cell.
        for (int i = 0; i < 3 * HEIGHT * WIDTH; i++) {
            batch.put(i, 1f);
        }
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    batch.put(((3 + c) * HEIGHT + y) * WIDTH + x, 1f);
                }
            }
        }
        try (ModelLease lease = host.lease(ModelRef.parse(DeterministicDetector.NAME), 0)) {
            for (int pass = 0; pass < 2; pass++) { // the second pass writes into pinned outputs
                try (BatchResult result = lease.run(batch.duplicate(), 2, 3, HEIGHT, WIDTH)) {
                    assertThat(result.shape("heatmap")).containsExactly(2, 1, 6, 8);
                    FloatBuffer white = result.frame("heatmap", 0);
                    FloatBuffer dark = result.frame("heatmap", 1);
                    assertThat(white.remaining()).isEqualTo(CELLS);
                    for (int cell = 0; cell < CELLS; cell++) {
                        assertThat(white.get(cell)).isGreaterThan(0.9999f);
                        assertThat(dark.get(cell))
                                .isEqualTo(cell == 0 ? white.get(0) : dark.get(1));
                    }
                    assertThat(dark.get(1)).isLessThan(1e-4f);
                    result.close();
                    assertThatThrownBy(() -> result.frame("heatmap", 0))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("closed");
                }
            }
        }
    }

    @Test
    void aDescriptorThatDisagreesWithTheFileIsRefusedNamingEachDifference() {
        ModelDescriptor right = DETECTOR.descriptor("2");
        ModelDescriptor wrong =
                new ModelDescriptor(
                        "mislabelled",
                        "1",
                        "",
                        List.of(TensorSpec.of("pixels", "float", "NCHW", -1, 3, -1, -1)),
                        List.of(TensorSpec.of("heatmap", "float", "NCHW", -1, 2, -1, -1)),
                        right.labels(),
                        Optional.empty(),
                        "");
        host.repository().importModel(wrong, DETECTOR.onnx());

        assertThatThrownBy(() -> host.lease(ModelRef.parse("mislabelled"), 0))
                .isInstanceOf(DescriptorMismatchException.class)
                .hasMessageContaining("mislabelled@1 disagrees with its ONNX file")
                .hasMessageContaining("inputs are [pixels] in the descriptor but [images]")
                .hasMessageContaining("output 'heatmap' has shape [-1, 1, -1, -1]")
                .hasMessageContaining("Fix model.json");
    }

    @Test
    void aWrongDescriptorForAFileAlreadyLoadedIsRefusedWithoutDisturbingItsLeases()
            throws IOException {
        ModelDescriptor wrong =
                new ModelDescriptor(
                        "alias",
                        "1",
                        "",
                        List.of(TensorSpec.of("images", "float", "NCHW", -1, 1, -1, -1)),
                        DETECTOR.outputs(),
                        List.of(),
                        Optional.empty(),
                        "");
        host.repository().importModel(wrong, DETECTOR.onnx());
        try (ModelLease lease = host.lease(ModelRef.parse(DeterministicDetector.NAME), 0)) {
            assertThatThrownBy(() -> host.lease(ModelRef.parse("alias"), 0))
                    .isInstanceOf(DescriptorMismatchException.class)
                    .hasMessageContaining("input 'images' has shape [-1, 3, -1, -1]");
            try (BatchResult result = lease.run(DirectBuffers.allocate(3 * 8 * 8), 1, 3, 8, 8)) {
                assertThat(result.shape("heatmap")).containsExactly(1, 1, 1, 1);
            }
        }
        // The refused lease took no hold: closing the one lease unloads the file.
        deleteModelFile(DeterministicDetector.NAME + "@1");
        assertUnloaded(DeterministicDetector.NAME + "@1");
    }

    @Test
    void inputsThatDoNotFitAreRefusedWithExpectedAndActual() {
        try (ModelLease lease = host.lease(ModelRef.parse(DeterministicDetector.NAME), 0)) {
            assertThatThrownBy(() -> lease.run(FloatBuffer.allocate(4 * 8 * 8), 1, 4, 8, 8))
                    .isInstanceOf(InputMismatchException.class)
                    .hasMessageContaining("input 'images' expects shape [-1, 3, -1, -1]")
                    .hasMessageContaining("got [1, 4, 8, 8]");
            assertThatThrownBy(() -> lease.run(FloatBuffer.allocate(10), 1, 3, 8, 8))
                    .isInstanceOf(InputMismatchException.class)
                    .hasMessageContaining("needs 192 floats, the buffer holds 10");
            assertThatThrownBy(() -> lease.run("pixels", FloatBuffer.allocate(192), 1, 3, 8, 8))
                    .isInstanceOf(InputMismatchException.class)
                    .hasMessageContaining("has no input 'pixels'; its inputs are [images]");
        }
    }

    @Test
    void aFailedRunKeepsTheLeaseUsableAndLeavesNothingHeld() throws IOException {
        TestModels.eightWide().importInto(host.repository(), "1");
        try (ModelLease lease = host.lease(ModelRef.parse(TestModels.EIGHT_WIDE), 0)) {
            assertThatThrownBy(() -> lease.run(FloatBuffer.allocate(3 * 4 * 4), 1, 3, 4, 4))
                    .isInstanceOf(ModelRunException.class)
                    .hasMessageContaining("failed to run " + TestModels.EIGHT_WIDE + "@1")
                    .hasMessageContaining("[1, 3, 4, 4]");
            try (BatchResult result = lease.run(FloatBuffer.allocate(3 * 4 * 8), 1, 3, 4, 8)) {
                assertThat(result.shape("shifted")).containsExactly(1, 3, 4, 8);
            }
        }
        deleteModelFile(TestModels.EIGHT_WIDE + "@1");
        assertUnloaded(TestModels.EIGHT_WIDE + "@1");
    }

    @Test
    void aClosedLeaseOrHostFailsFast() {
        ModelLease lease = host.lease(ModelRef.parse(DeterministicDetector.NAME), 0);
        lease.close();
        assertThatThrownBy(() -> lease.run(FloatBuffer.allocate(192), 1, 3, 8, 8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(DeterministicDetector.NAME + "@1 is closed");
        host.close();
        assertThatThrownBy(() -> host.lease(ModelRef.parse(DeterministicDetector.NAME), 0))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnknownModelOrVersionListsWhatThereIs() {
        assertThatThrownBy(() -> host.lease(ModelRef.parse("nope"), 0))
                .isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> host.lease(ModelRef.parse(DeterministicDetector.NAME + "@9"), 0))
                .isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("[1]");
    }

    /**
     * Deletes a stored model's ONNX file: from then on a lease that has to load the model fails,
     * while a lease of a model the host holds loaded does not read the file.
     */
    private void deleteModelFile(String ref) throws IOException {
        Files.delete(host.repository().resolve(ModelRef.parse(ref)).modelFile());
    }

    /** The host holds no session of {@code ref}'s (deleted) file: leasing it must load it. */
    private void assertUnloaded(String ref) {
        assertThatThrownBy(() -> host.lease(ModelRef.parse(ref), 0))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("Cannot read the model file of " + ref);
    }
}

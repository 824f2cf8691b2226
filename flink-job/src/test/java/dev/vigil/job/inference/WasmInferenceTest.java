package dev.vigil.job.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.job.JobOptions;
import dev.vigil.job.WasmInferenceFactory;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.FailureStage;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.wasm.AbiStatus;
import dev.vigil.wasm.GuestErrorException;
import dev.vigil.wasm.GuestHostFaultException;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.GuestPool;
import dev.vigil.wasm.GuestSignatureException;
import dev.vigil.wasm.WasmSettings;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's inference through the real deterministic guest and the generated detector. */
class WasmInferenceTest {
    private static final int WIDTH = 64;
    private static final int HEIGHT = 48;

    @TempDir Path repository;

    @Test
    void turnsGuestBoxesIntoDetectionRecordsAndBadFramesIntoFailures() throws Exception {
        DeterministicDetector.build().importInto(new ModelRepository(repository), "1");
        Configuration options = new Configuration();
        options.set(JobOptions.GUEST, "bundled:deterministic-detect");
        options.set(JobOptions.MODELS, Map.of("detector", DeterministicDetector.NAME + "@1"));
        options.set(JobOptions.MODEL_REPOSITORY, repository.toString());
        options.set(JobOptions.PROVIDERS, List.of("CPU"));

        try (FrameInference inference = new WasmInferenceFactory(options).create(0, List.of())) {
            assertThat(inference.provider()).isEqualTo("CPU");
            List<FrameOutcome> outcomes =
                    inference.infer(
                            List.of(
                                    rawFrame(1, 16, 8),
                                    rawFrame(2, -1, -1),
                                    frame(3, FrameEncoding.UNKNOWN, WIDTH, HEIGHT, new byte[1]),
                                    frame(4, FrameEncoding.JPEG, WIDTH, HEIGHT, new byte[] {1, 2}),
                                    frame(5, FrameEncoding.RAW_RGB8, 0, HEIGHT, new byte[0])));

            var square = outcomes.get(0).detection();
            assertThat(square.getModelName()).isEqualTo(DeterministicDetector.NAME);
            assertThat(square.getModelVersion()).isEqualTo("1");
            assertThat(square.getGuestModule()).isEqualTo("deterministic-detect");
            assertThat(square.getCaptureTime()).isEqualTo(Instant.ofEpochMilli(1));
            // Decoding and letterboxing happen before the model run, boxes after it.
            assertThat(square.getTimings().getPreMicros()).isPositive();
            assertThat(square.getTimings().getInferMicros()).isPositive();
            assertThat(square.getTimings().getPostMicros()).isPositive();
            DetectedBox box = square.getBoxes().get(0);
            assertThat(square.getBoxes()).hasSize(1);
            assertThat(box.getLabel()).isEqualTo("bright");
            assertThat(box.getScore()).isGreaterThan(0.999f);
            assertThat(box.getBox().getXMin()).isCloseTo(16f / WIDTH, within(1e-6f));
            assertThat(box.getBox().getYMin()).isCloseTo(8f / HEIGHT, within(1e-6f));
            assertThat(box.getBox().getXMax()).isCloseTo(32f / WIDTH, within(1e-6f));
            assertThat(box.getBox().getYMax()).isCloseTo(24f / HEIGHT, within(1e-6f));

            assertThat(outcomes.get(1).detection().getBoxes()).isEmpty();
            assertThat(outcomes.get(2).failure())
                    .returns(FailureStage.VALIDATE, FrameFailure::stage)
                    .returns("UNKNOWN_ENCODING", FrameFailure::reasonCode);
            assertThat(outcomes.get(3).failure())
                    .returns("CORRUPT_IMAGE", FrameFailure::reasonCode)
                    .extracting(FrameFailure::message)
                    .asString()
                    .contains("#4");
            assertThat(outcomes.get(4).failure().reasonCode()).isEqualTo("BAD_DIMENSIONS");
        }
    }

    /**
     * A real failing lease: the TaskManager's model host closes the session under the guest's
     * lease, and the guest's next compute fails in ONNX Runtime. That is the host's fault, not the
     * frames': the batch is not dead-lettered (no BatchFailedException) and the stage fails the
     * task, which restarts from its checkpoint.
     */
    @Test
    void aModelFailingUnderTheGuestFailsTheTaskInsteadOfDeadLetteringFrames() throws Exception {
        Configuration options = detectorOptions();
        OneInputStreamOperatorTestHarness<SourcedFrame, Detection> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new MicroBatchInferenceOperatorFactory(
                                new Batching(2, Duration.ofHours(1), 1),
                                new WasmInferenceFactory(options)),
                        1,
                        1,
                        0);
        try {
            harness.open();
            harness.processElement(sourced(rawFrame(1, 16, 8)), 1);
            harness.prepareSnapshotPreBarrier(1);
            assertThat(harness.extractOutputValues()).hasSize(1);

            ModelHost.forProcess(JobOptions.models(options)).close();
            harness.processElement(sourced(rawFrame(2, 16, 8)), 2);
            harness.processElement(sourced(rawFrame(3, -1, -1)), 3);

            assertThatThrownBy(() -> harness.prepareSnapshotPreBarrier(2))
                    .isInstanceOf(InferenceStageException.class)
                    .hasMessageContaining("for a reason other than its input")
                    .cause()
                    .isInstanceOf(GuestHostFaultException.class)
                    .isNotInstanceOf(BatchFailedException.class)
                    .hasMessageContaining("The model host failed in compute")
                    .hasMessageContaining("deterministic-detect");
            assertThat(harness.getSideOutput(MicroBatchInferenceOperator.FAILURES)).isNull();
            assertThat(harness.extractOutputValues()).hasSize(1);
        } finally {
            harness.close();
        }
    }

    /** A frame the guest fed to its model in a shape the model refuses is the guest's batch. */
    @Test
    void aGuestErrorStaysTheBatchsDeadLetter() {
        GuestErrorException error =
                new GuestErrorException("g@1", List.of(), AbiStatus.INVALID_ARGUMENT, "bad shape");
        assertThat(WasmFrameInference.failure(error))
                .returns(FailureStage.INFERENCE, FrameFailure::stage)
                .returns("GUEST_ERROR", FrameFailure::reasonCode);
    }

    @Test
    void everyFrameEncodingButUnknownMapsToTheGuestAbis() {
        for (FrameEncoding encoding : FrameEncoding.values()) {
            if (encoding == FrameEncoding.UNKNOWN) {
                assertThatThrownBy(() -> GuestFrames.encoding(encoding))
                        .isInstanceOf(IllegalArgumentException.class);
            } else {
                assertThat(GuestFrames.encoding(encoding).name()).isEqualTo(encoding.name());
            }
        }
    }

    @Test
    void aGuestThatDeclaresNoModelIsADeploymentFaultAndLeavesNoPoolBehind(@TempDir Path work)
            throws Exception {
        Path guest = work.resolve("hostile-infinite-loop.wasm");
        Files.copy(hostileGuest("hostile-infinite-loop"), guest);
        Configuration options = detectorOptions();
        options.set(JobOptions.GUEST, guest.toString());

        assertThatThrownBy(() -> new WasmInferenceFactory(options).create(0, List.of()))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("declares no model");

        // Given such a guest's pool anyway, the inference refuses it and closes it.
        GuestPool pool =
                GuestPool.start(
                        GuestModule.load(guest, WasmSettings.defaults()),
                        WasmSettings.defaults(),
                        null);
        assertThatThrownBy(() -> new WasmFrameInference(pool))
                .hasMessageContaining("declares no model");
        assertThatThrownBy(() -> pool.process(List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    @Test
    void aBatchSizeAboveTheGuestsLimitIsADeploymentFault() throws Exception {
        Configuration options = detectorOptions();
        options.set(JobOptions.MAX_BATCH, 1000);

        assertThatThrownBy(() -> new WasmInferenceFactory(options).create(0, List.of()))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("vigil.batch.max-size=1000 is more than guest")
                .hasMessageContaining("input.max_batch is");
    }

    @Test
    void aMissingModelIsADeploymentFault() {
        Configuration options = detectorOptions();
        options.set(JobOptions.MODELS, Map.of("detector", DeterministicDetector.NAME + "@9"));

        assertThatThrownBy(() -> new WasmInferenceFactory(options).create(0, List.of()))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("has no version '9'");
    }

    private Configuration detectorOptions() {
        if (!Files.exists(repository.resolve(DeterministicDetector.NAME))) {
            DeterministicDetector.build().importInto(new ModelRepository(repository), "1");
        }
        Configuration options = new Configuration();
        options.set(JobOptions.GUEST, "bundled:deterministic-detect");
        options.set(JobOptions.MODELS, Map.of("detector", DeterministicDetector.NAME + "@1"));
        options.set(JobOptions.MODEL_REPOSITORY, repository.toString());
        options.set(JobOptions.PROVIDERS, List.of("CPU"));
        return options;
    }

    /** A test guest of wasm-operator (its src/test/resources/guests). */
    static InputStream hostileGuest(String name) throws Exception {
        return Files.newInputStream(
                Path.of("../wasm-operator/src/test/resources/guests/" + name + ".wasm"));
    }

    private static SourcedFrame sourced(Frame frame) {
        return new SourcedFrame(frame, "frames", 0, frame.getSequence());
    }

    @Test
    void refusesAnUnsignedUserGuestWhenSignaturesAreRequired(@TempDir Path work) throws Exception {
        Path guest = work.resolve("my-guest.wasm");
        try (InputStream bundled =
                GuestModule.class.getResourceAsStream("guests/deterministic-detect.wasm")) {
            Files.copy(bundled, guest);
        }
        Path trusted = Files.createDirectories(work.resolve("trusted"));
        Configuration options = new Configuration();
        options.set(JobOptions.GUEST, guest.toString());
        options.set(JobOptions.MODEL_REPOSITORY, repository.toString());
        options.set(JobOptions.REQUIRE_SIGNATURES, true);
        options.set(JobOptions.TRUST_STORE, trusted.toString());

        assertThatThrownBy(() -> new WasmInferenceFactory(options).create(0, List.of()))
                .isInstanceOf(DeploymentException.class)
                .hasCauseInstanceOf(GuestSignatureException.class)
                .hasMessageContaining(guest.toString());
    }

    /** Black, with a white 16x16 square at (x, y) unless x is negative. */
    private static Frame rawFrame(long sequence, int x, int y) {
        byte[] rgb = new byte[WIDTH * HEIGHT * 3];
        if (x >= 0) {
            for (int row = y; row < y + 16; row++) {
                for (int column = x; column < x + 16; column++) {
                    int at = (row * WIDTH + column) * 3;
                    rgb[at] = rgb[at + 1] = rgb[at + 2] = (byte) 255;
                }
            }
        }
        return frame(sequence, FrameEncoding.RAW_RGB8, WIDTH, HEIGHT, rgb);
    }

    private static Frame frame(
            long sequence, FrameEncoding encoding, int width, int height, byte[] payload) {
        return Frame.newBuilder()
                .setSourceId("cam-1")
                .setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(sequence))
                .setEncoding(encoding)
                .setWidth(width)
                .setHeight(height)
                .setPayload(ByteBuffer.wrap(payload))
                .setAttributes(Map.of())
                .build();
    }
}

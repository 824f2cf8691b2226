package dev.vigil.job.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.job.JobOptions;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.generated.DeterministicDetector;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.FailureStage;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.GuestSignatureException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
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
                    .returns("FRAME_REJECTED", FrameFailure::reasonCode)
                    .extracting(FrameFailure::message)
                    .asString()
                    .contains("#4");
            assertThat(outcomes.get(4).failure().reasonCode()).isEqualTo("BAD_DIMENSIONS");
        }
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
                .isInstanceOf(GuestSignatureException.class)
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

package dev.vigil.job.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.ModelDescriptor;
import dev.vigil.nn.TensorSpec;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.schemas.ModelBinding;
import dev.vigil.wasm.CallTimings;
import dev.vigil.wasm.GuestBox;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DetectionRecordsTest {
    private static final ModelDescriptor DETECTOR = model("ppocr-det", "4", List.of("text"));
    private static final ModelDescriptor RECOGNISER = model("ppocr-rec", "3", List.of("a", "b"));
    private static final Frame FRAME =
            Frame.newBuilder()
                    .setSourceId("gate-1")
                    .setSequence(9)
                    .setCaptureTime(Instant.EPOCH)
                    .setEncoding(FrameEncoding.RAW_RGB8)
                    .setWidth(100)
                    .setHeight(50)
                    .setPayload(ByteBuffer.allocate(100 * 50 * 3))
                    .build();
    private static final CallTimings TIMINGS = new CallTimings(1, 2, 3);

    @Test
    void aReadersBoxesCarryTextLabelsFromTheDetectorAndEveryModelIsListed() {
        LinkedHashMap<String, ModelDescriptor> bound = new LinkedHashMap<>();
        // Declared recogniser first: the labels still come from the detector.
        bound.put("recogniser", RECOGNISER);
        bound.put("detector", DETECTOR);
        DetectionRecords records = new DetectionRecords(bound, "text-read", "1.0.0");

        Detection detection =
                records.detected(
                                FRAME,
                                List.of(
                                        new GuestBox(0, 0.9f, 10, 5, 60, 25, "AB123CD", 0.8f),
                                        new GuestBox(0, 0.7f, 0, 0, 10, 10)),
                                TIMINGS)
                        .detection();

        assertThat(detection.getModelName()).isEqualTo("ppocr-det");
        assertThat(detection.getModelVersion()).isEqualTo("4");
        assertThat(detection.getModels())
                .containsExactly(
                        new ModelBinding("recogniser", "ppocr-rec", "3"),
                        new ModelBinding("detector", "ppocr-det", "4"));
        DetectedBox read = detection.getBoxes().get(0);
        assertThat(read.getLabel()).isEqualTo("text");
        assertThat(read.getText()).isEqualTo("AB123CD");
        assertThat(read.getTextScore()).isEqualTo(0.8f);
        assertThat(read.getBox().getXMax()).isEqualTo(0.6f);
        DetectedBox unread = detection.getBoxes().get(1);
        assertThat(unread.getText()).isNull();
        assertThat(unread.getTextScore()).as("no score without text").isNull();
    }

    @Test
    void aDetectorAloneIsListedAsDetector() {
        Detection detection =
                new DetectionRecords(DETECTOR, "text-detect", "1.0.0")
                        .detected(FRAME, List.of(), TIMINGS)
                        .detection();
        assertThat(detection.getModels())
                .containsExactly(new ModelBinding("detector", "ppocr-det", "4"));
    }

    @Test
    void aNonFiniteTextScoreIsTheModulesFault() {
        FrameOutcome outcome =
                new DetectionRecords(DETECTOR, "text-read", "1.0.0")
                        .detected(
                                FRAME,
                                List.of(new GuestBox(0, 0.9f, 1, 1, 2, 2, "X", Float.NaN)),
                                TIMINGS);
        assertThat(outcome.failure().reasonCode()).isEqualTo("NON_FINITE_OUTPUT");
    }

    private static ModelDescriptor model(String name, String version, List<String> labels) {
        TensorSpec tensor = TensorSpec.of("x", TensorSpec.FLOAT, "NCHW", 1, 3, 8, 8);
        return new ModelDescriptor(
                name, version, "", List.of(tensor), List.of(tensor), labels, Optional.empty(), "");
    }
}

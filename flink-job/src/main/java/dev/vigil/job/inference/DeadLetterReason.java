package dev.vigil.job.inference;

import dev.vigil.schemas.FailureStage;
import dev.vigil.wasm.FrameRejection;

/**
 * Every reason code a dead letter of this job can carry, in one place: the README's table lists
 * exactly these (DeadLetterReasonTest). The codes of unreadable records come from the serde's
 * exceptions, those of guest faults from the Wasm operator's, and the rest from the job itself;
 * each is the constant's name.
 */
public enum DeadLetterReason {
    NOT_WIRE_FORMAT(FailureStage.DECODE, "the value does not start with the Confluent magic byte"),
    UNKNOWN_SCHEMA_ID(FailureStage.DECODE, "the registry has no schema of the record's id"),
    TRUNCATED_PAYLOAD(FailureStage.DECODE, "the Avro body ends early"),
    CORRUPT_PAYLOAD(FailureStage.DECODE, "the Avro body does not read as its schema"),
    INCOMPATIBLE_SCHEMA(FailureStage.DECODE, "the writer's schema cannot be read as a Frame"),
    EMPTY_VALUE(FailureStage.DECODE, "the record has no value"),
    MISSING_SOURCE_ID(FailureStage.VALIDATE, "the frame's or reading's sourceId is empty"),
    BAD_READING_SHAPE(
            FailureStage.VALIDATE,
            "a sensor reading without samples, or not a whole number of its channels"),
    NON_FINITE_READING(FailureStage.VALIDATE, "a sensor reading holding a NaN or infinite sample"),
    UNKNOWN_ENCODING(FailureStage.VALIDATE, "an encoding this job does not know"),
    BAD_DIMENSIONS(FailureStage.VALIDATE, "width or height is not positive"),
    FRAME_TOO_LARGE(FailureStage.PREPROCESS, "more pixels than vigil.guest.max-frame-pixels"),
    CORRUPT_IMAGE(FailureStage.PREPROCESS, "a JPEG or PNG payload that does not decode"),
    IMAGE_SIZE_MISMATCH(FailureStage.PREPROCESS, "the image is not the frame's width × height"),
    RAW_LENGTH_MISMATCH(FailureStage.PREPROCESS, "a RAW_RGB8 payload not width × height × 3"),
    ENCODING_NOT_ACCEPTED(FailureStage.PREPROCESS, "an encoding the guest does not take"),
    GUEST_REJECTED(FailureStage.PREPROCESS, "the guest gave the frame up, with its reason"),
    TENSOR_SHAPE_MISMATCH(
            FailureStage.PREPROCESS,
            "a FLOAT32_TENSOR window not of its payload's or the guest's shape"),
    NON_FINITE_TENSOR(FailureStage.PREPROCESS, "a FLOAT32_TENSOR window with a NaN or infinity"),
    GUEST_TRAP(FailureStage.INFERENCE, "the guest trapped on the frame"),
    GUEST_DEADLINE(FailureStage.INFERENCE, "the guest's call ran past vigil.guest.call-deadline"),
    GUEST_MEMORY(FailureStage.INFERENCE, "the guest needed more than its memory limit"),
    GUEST_ERROR(FailureStage.INFERENCE, "the guest ended its call with an error status"),
    NON_FINITE_OUTPUT(FailureStage.POSTPROCESS, "a box with a NaN or infinite value"),
    INVALID_SOURCE_CONFIG(FailureStage.VALIDATE, "a sources record that fails the config check");

    private final FailureStage stage;
    private final String meaning;

    DeadLetterReason(FailureStage stage, String meaning) {
        this.stage = stage;
        this.meaning = meaning;
    }

    /** The stage that gives up with this reason. */
    public FailureStage stage() {
        return stage;
    }

    /** What the code means, in a few words. */
    public String meaning() {
        return meaning;
    }

    /** The code of a frame the Wasm operator rejected: the rejection's own. */
    public static DeadLetterReason of(FrameRejection.Reason reason) {
        return valueOf(reason.name());
    }
}

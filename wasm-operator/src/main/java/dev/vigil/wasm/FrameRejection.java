package dev.vigil.wasm;

/**
 * Why a frame of a call could not be used: what went wrong, as a stable code (the dead letter's
 * reason code), and the message naming the frame's numbers.
 */
public record FrameRejection(Reason reason, String message) {
    /** Each way a frame is rejected, so an operator can tell a corrupt camera from a bad client. */
    public enum Reason {
        /** Width × height above the guest's {@code max-frame-pixels}, refused before decoding. */
        FRAME_TOO_LARGE,
        /**
         * A JPEG or PNG payload that does not decode as one (corrupt, truncated, another format).
         */
        CORRUPT_IMAGE,
        /** An image that decodes, at other dimensions than the frame's width and height. */
        IMAGE_SIZE_MISMATCH,
        /** A RAW_RGB8 payload whose length is not width × height × 3. */
        RAW_LENGTH_MISMATCH,
        /** An encoding the guest does not declare in its metadata. */
        ENCODING_NOT_ACCEPTED,
        /** The guest itself gave the frame up ({@code fail_frame}), with its own reason. */
        GUEST_REJECTED,
        /**
         * A FLOAT32_TENSOR payload that is not width × height × 4 bytes, or a window of another
         * shape than the tensor slot the guest copies it into; also an image kernel on a tensor.
         */
        TENSOR_SHAPE_MISMATCH,
        /** A FLOAT32_TENSOR window holding a NaN or infinite sample. */
        NON_FINITE_TENSOR
    }

    public FrameRejection {
        if (reason == null || message == null) {
            throw new IllegalArgumentException("a rejection needs a reason and a message");
        }
    }
}

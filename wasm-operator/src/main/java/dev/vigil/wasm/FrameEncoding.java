package dev.vigil.wasm;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a frame's payload is encoded, as {@code Frame.encoding} in the Avro schema says, with the
 * code the guest ABI uses for it. Kept here rather than taken from the schemas module, so the
 * operator depends on nothing but the model backend.
 */
public enum FrameEncoding {
    /** Width × height × 3 bytes, row-major, RGB, no padding. */
    RAW_RGB8(1),
    JPEG(2),
    PNG(3),
    /**
     * A window of sensor samples, no image: height channels × width samples, channel-major,
     * little-endian float32. Only the {@code tensor_copy} kernel reads it.
     */
    FLOAT32_TENSOR(4);

    private final int abiCode;

    FrameEncoding(int abiCode) {
        this.abiCode = abiCode;
    }

    /** The value of {@code encoding} in the guest's frame table. */
    public int abiCode() {
        return abiCode;
    }

    /** The encoding of a metadata name such as {@code JPEG}. */
    public static Optional<FrameEncoding> named(String name) {
        return Arrays.stream(values()).filter(e -> e.name().equals(name.trim())).findFirst();
    }
}

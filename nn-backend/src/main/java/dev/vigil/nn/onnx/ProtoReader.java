package dev.vigil.nn.onnx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the protobuf wire format one level deep: the fields of one message, each with its encoded
 * bytes, so that an ONNX model can be edited by copying the fields it keeps as they are.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private ProtoReader() {}

    /**
     * One field of a message.
     *
     * @param number the field number
     * @param wireType how its value is encoded
     * @param value a varint's value, else 0
     * @param start where the field (its tag) starts in the message's bytes
     * @param valueStart where a length-delimited value's bytes start
     * @param end where the field ends
     */
    record Field(int number, int wireType, long value, int start, int valueStart, int end) {
        /** A length-delimited value as UTF-8 text. */
        String text(byte[] bytes) {
            return new String(bytes, valueStart, end - valueStart, StandardCharsets.UTF_8);
        }

        /** The fields of a length-delimited value holding a message. */
        List<Field> fields(byte[] bytes) {
            return ProtoReader.fields(bytes, valueStart, end);
        }
    }

    /**
     * The fields of the message in {@code bytes[from, to)}, in order.
     *
     * @throws IllegalArgumentException when the bytes are not a well-formed message
     */
    static List<Field> fields(byte[] bytes, int from, int to) {
        List<Field> fields = new ArrayList<>();
        int[] at = {from};
        while (at[0] < to) {
            int start = at[0];
            long tag = varint(bytes, at, to);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            long value = 0;
            int valueStart = at[0];
            switch (wireType) {
                case VARINT -> value = varint(bytes, at, to);
                case FIXED64 -> at[0] += 8;
                case FIXED32 -> at[0] += 4;
                case LENGTH_DELIMITED -> {
                    long length = varint(bytes, at, to);
                    valueStart = at[0];
                    at[0] = Math.toIntExact(at[0] + length);
                }
                default ->
                        throw new IllegalArgumentException(
                                "wire type "
                                        + wireType
                                        + " of field "
                                        + number
                                        + " at byte "
                                        + start);
            }
            if (at[0] > to || number == 0) {
                throw new IllegalArgumentException("truncated field " + number + " at " + start);
            }
            fields.add(new Field(number, wireType, value, start, valueStart, at[0]));
        }
        return fields;
    }

    private static long varint(byte[] bytes, int[] at, int to) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= to) {
                throw new IllegalArgumentException("truncated varint at byte " + at[0]);
            }
            byte b = bytes[at[0]++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes at byte " + at[0]);
    }
}

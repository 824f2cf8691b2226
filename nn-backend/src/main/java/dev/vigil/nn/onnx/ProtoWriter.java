package dev.vigil.nn.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the protobuf wire format, as much of it as an ONNX model needs: varint, 32-bit float,
 * string, bytes and nested-message fields.
 *
 * <p>A message is held as a list of byte chunks, so nesting a large message in another (a graph
 * with 100 MB of weights in its model) appends the inner chunks instead of copying them, and large
 * byte fields (tensor data) are adopted as they are. A message must not be changed after it was
 * nested.
 */
public final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;
    // Byte fields at least this large become chunks of their own rather than being copied.
    private static final int ADOPT_FROM = 64 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long chunkedSize;

    /** Written by {@link OnnxGraph} only; others read the result. */
    ProtoWriter() {}

    ProtoWriter int64(int field, long value) {
        tag(field, VARINT);
        varint(value);
        return this;
    }

    ProtoWriter float32(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToIntBits(value);
        for (int i = 0; i < 4; i++) {
            pending.write(bits >>> (8 * i) & 0xFF);
        }
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        if (value.length < ADOPT_FROM) {
            pending.writeBytes(value);
        } else {
            flushPending();
            adopt(value);
        }
        return this;
    }

    /** Appends fields already encoded, {@code bytes[from, to)}, as they are. */
    ProtoWriter raw(byte[] bytes, int from, int to) {
        pending.write(bytes, from, to - from);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter message) {
        tag(field, LENGTH_DELIMITED);
        varint(message.size());
        flushPending();
        message.flushPending();
        message.chunks.forEach(this::adopt);
        return this;
    }

    /** Appends this message's fields to {@code other} (not as a nested message). */
    void flushInto(ProtoWriter other) {
        flushPending();
        other.flushPending();
        chunks.forEach(other::adopt);
    }

    public long size() {
        return chunkedSize + pending.size();
    }

    public void writeTo(OutputStream out) throws IOException {
        flushPending();
        for (byte[] chunk : chunks) {
            out.write(chunk);
        }
    }

    public byte[] toByteArray() {
        flushPending();
        byte[] all = new byte[Math.toIntExact(chunkedSize)];
        int offset = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, offset, chunk.length);
            offset += chunk.length;
        }
        return all;
    }

    private void tag(int field, int wireType) {
        varint((long) field << 3 | wireType);
    }

    /** Base-128, least significant group first; a negative value takes ten bytes. */
    private void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            pending.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        pending.write((int) value);
    }

    private void flushPending() {
        if (pending.size() > 0) {
            adopt(pending.toByteArray());
            pending.reset();
        }
    }

    private void adopt(byte[] chunk) {
        chunks.add(chunk);
        chunkedSize += chunk.length;
    }
}

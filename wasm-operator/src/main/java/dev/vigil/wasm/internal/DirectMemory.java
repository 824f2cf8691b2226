package dev.vigil.wasm.internal;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A guest's linear memory in one contiguous direct buffer, so that a tensor the guest laid out can
 * go to ONNX Runtime as a {@link FloatBuffer} view of guest memory, without a copy ({@link
 * #floats}). Chicory's own memories are heap arrays split into pages.
 *
 * <p>The buffer's limit is the memory's size, so every access past it fails as a Wasm out-of-bounds
 * trap. Growing reallocates with room to spare (doubling, up to the maximum) and copies once:
 * guests grow while they warm up and then stay flat. A refused grow is remembered ({@link
 * #growRefused()}) so a trap that follows is reported as a memory limit, not a bug.
 *
 * <p>Only unshared memories (no Wasm threads): the guest ABI is single-threaded.
 */
public final class DirectMemory implements Memory {
    private final MemoryLimits limits;
    private ByteBuffer buffer;
    private int pages;
    private DataSegment[] dataSegments = new DataSegment[0];
    private boolean growRefused;

    DirectMemory(MemoryLimits limits) {
        if (limits.shared()) {
            throw new UninstantiableException(
                    "Shared memory (Wasm threads) is not part of the guest ABI v1");
        }
        this.limits = limits;
        this.pages = limits.initialPages();
        this.buffer = allocate(Memory.bytes(pages));
    }

    /** A native-order view of {@code count} floats at {@code address}; no copy. */
    FloatBuffer floats(int address, int count) {
        check(address, count * 4L);
        return buffer.slice(address, count * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** A view of {@code length} bytes at {@code address}; no copy. */
    ByteBuffer bytes(int address, int length) {
        check(address, length);
        return buffer.slice(address, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Whether a grow was refused since the last {@link #clearGrowRefused()}. */
    boolean growRefused() {
        return growRefused;
    }

    void clearGrowRefused() {
        growRefused = false;
    }

    /** Bytes of direct memory held, which may exceed the Wasm size by the room kept for growth. */
    long reservedBytes() {
        return buffer.capacity();
    }

    private void check(int address, long length) {
        if (address < 0 || length < 0 || address + length > buffer.limit()) {
            throw new WasmRuntimeException(
                    "out of bounds memory access: address "
                            + Integer.toUnsignedString(address)
                            + ", size "
                            + length
                            + ", memory size "
                            + buffer.limit());
        }
    }

    private static ByteBuffer allocate(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static WasmRuntimeException outOfBounds(RuntimeException e, int address, int size) {
        return new WasmRuntimeException(
                "out of bounds memory access: address "
                        + Integer.toUnsignedString(address)
                        + ", size "
                        + size,
                e);
    }

    @Override
    public int pages() {
        return pages;
    }

    @Override
    public int grow(int size) {
        int previous = pages;
        long wanted = (long) previous + size;
        if (size < 0 || wanted > maximumPages()) {
            growRefused = true;
            return -1;
        }
        int newBytes = Memory.bytes((int) wanted);
        if (newBytes > buffer.capacity() || wanted == RUNTIME_MAX_PAGES) {
            long roomy =
                    Math.max(newBytes, Math.min(2L * buffer.capacity(), bytesOf(maximumPages())));
            ByteBuffer bigger = allocate((int) Math.min(roomy, Integer.MAX_VALUE - 8));
            bigger.put(0, buffer, 0, buffer.limit());
            buffer = bigger;
        }
        buffer.limit(newBytes);
        pages = (int) wanted;
        return previous;
    }

    private static long bytesOf(int pages) {
        return (long) pages * PAGE_SIZE;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        // A ByteBuffer holds at most 2 GiB - 1: one page less than Wasm's 4 GiB.
        return Math.min(limits.maximumPages(), 32767);
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    @SuppressWarnings("removal")
    public Object lock(int address) {
        throw new UnsupportedOperationException("no shared memory");
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, int expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    @SuppressWarnings("removal")
    public int notify(int address, int maxThreads) {
        return 0;
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        initialize(instance, segments, 0);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
        this.dataSegments = segments == null ? new DataSegment[0] : segments;
        for (DataSegment segment : dataSegments) {
            if (segment instanceof ActiveDataSegment active && active.index() == memoryIndex) {
                int offset =
                        (int)
                                ConstantEvaluators.computeConstantValue(
                                        instance, active.offsetInstructions())[0];
                byte[] data = active.data();
                if (offset < 0 || (long) offset + data.length > buffer.limit()) {
                    throw new UninstantiableException(
                            "out of bounds memory access: data segment at "
                                    + offset
                                    + " of "
                                    + data.length
                                    + " bytes");
                }
                write(offset, data, 0, data.length);
            } else if (!(segment instanceof PassiveDataSegment)
                    && !(segment instanceof ActiveDataSegment)) {
                throw new ChicoryException("Data segment should be active or passive: " + segment);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        write(dest, dataSegments[segmentId].data(), offset, size);
    }

    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        if (offset < 0 || size < 0 || (long) offset + size > data.length) {
            throw new WasmRuntimeException("out of bounds memory access: source range");
        }
        check(addr, size);
        buffer.put(addr, data, offset, size);
    }

    @Override
    public byte read(int addr) {
        try {
            return buffer.get(addr);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 1);
        }
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        check(addr, len);
        byte[] out = new byte[len];
        buffer.get(addr, out);
        return out;
    }

    @Override
    public void writeI32(int addr, int data) {
        try {
            buffer.putInt(addr, data);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 4);
        }
    }

    @Override
    public int readInt(int addr) {
        try {
            return buffer.getInt(addr);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 4);
        }
    }

    @Override
    public void writeLong(int addr, long data) {
        try {
            buffer.putLong(addr, data);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 8);
        }
    }

    @Override
    public long readLong(int addr) {
        try {
            return buffer.getLong(addr);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 8);
        }
    }

    @Override
    public void writeShort(int addr, short data) {
        try {
            buffer.putShort(addr, data);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 2);
        }
    }

    @Override
    public short readShort(int addr) {
        try {
            return buffer.getShort(addr);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 2);
        }
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public void writeByte(int addr, byte data) {
        try {
            buffer.put(addr, data);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 1);
        }
    }

    @Override
    public void writeF32(int addr, float data) {
        try {
            buffer.putFloat(addr, data);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 4);
        }
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public float readFloat(int addr) {
        try {
            return buffer.getFloat(addr);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 4);
        }
    }

    @Override
    public void writeF64(int addr, double data) {
        try {
            buffer.putDouble(addr, data);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 8);
        }
    }

    @Override
    public double readDouble(int addr) {
        try {
            return buffer.getDouble(addr);
        } catch (RuntimeException e) {
            throw outOfBounds(e, addr, 8);
        }
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public void zero() {
        fill((byte) 0, 0, buffer.limit());
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        check(fromIndex, (long) toIndex - fromIndex);
        byte[] chunk = new byte[Math.min(toIndex - fromIndex, 4096)];
        java.util.Arrays.fill(chunk, value);
        for (int at = fromIndex; at < toIndex; at += chunk.length) {
            buffer.put(at, chunk, 0, Math.min(chunk.length, toIndex - at));
        }
    }

    @Override
    public void copy(int dest, int src, int size) {
        check(src, size);
        check(dest, size);
        if (Math.abs((long) dest - src) < size) {
            // Overlapping (memmove): go through a temporary copy.
            byte[] tmp = new byte[size];
            buffer.get(src, tmp);
            buffer.put(dest, tmp);
        } else {
            buffer.put(dest, buffer, src, size);
        }
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }
}

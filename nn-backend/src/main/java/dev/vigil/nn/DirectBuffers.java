package dev.vigil.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reuses native-order direct float buffers by size. ONNX Runtime reads and writes such buffers in
 * place, and allocating (and zeroing) megabytes of direct memory per batch would cost more than the
 * copy it saves.
 */
final class DirectBuffers {
    private static final int KEEP_PER_SIZE = 4;

    private final Map<Integer, Queue<FloatBuffer>> free = new ConcurrentHashMap<>();

    FloatBuffer take(int floats) {
        FloatBuffer buffer =
                free.computeIfAbsent(floats, n -> new ConcurrentLinkedQueue<>()).poll();
        return buffer != null ? buffer.clear() : allocate(floats);
    }

    void give(FloatBuffer buffer) {
        Queue<FloatBuffer> queue =
                free.computeIfAbsent(buffer.capacity(), n -> new ConcurrentLinkedQueue<>());
        if (queue.size() < KEEP_PER_SIZE) {
            queue.offer(buffer);
        }
    }

    static FloatBuffer allocate(int floats) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES))
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    static boolean isNative(FloatBuffer buffer) {
        return buffer.isDirect() && buffer.order() == ByteOrder.nativeOrder();
    }
}

package dev.vigil.wasm;

/**
 * Where a frame region landed in a tensor slot: {@code tensor = (frame - region origin) * scale +
 * pad}, per axis (ABI struct {@code transform}, 16 bytes).
 */
record Placement(float scaleX, float scaleY, float padX, float padY) {
    static final int SIZE = 16;

    void write(DirectMemory memory, int address) {
        java.nio.ByteBuffer b = memory.bytes(address, SIZE);
        b.putFloat(0, scaleX).putFloat(4, scaleY).putFloat(8, padX).putFloat(12, padY);
    }
}

package dev.vigil.wasm.kernels;

/**
 * Where a frame region landed in a tensor slot: {@code tensor = (frame - region origin) * scale +
 * pad}, per axis (ABI struct {@code transform}, 16 bytes).
 */
public record Placement(float scaleX, float scaleY, float padX, float padY) {
    /**
     * A tensor x coordinate back in frame pixels (region origin 0), as the SDK's {@code to_frame}.
     */
    public float frameX(float x) {
        return (x - padX) / scaleX;
    }

    /** A tensor y coordinate back in frame pixels (region origin 0). */
    public float frameY(float y) {
        return (y - padY) / scaleY;
    }
}

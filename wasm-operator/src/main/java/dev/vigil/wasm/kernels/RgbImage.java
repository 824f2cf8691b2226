package dev.vigil.wasm.kernels;

/**
 * A decoded frame: interleaved 8-bit RGB, row-major, no padding, starting at {@code offset} of
 * {@code rgb} (a raw frame's payload array is used as it is).
 */
public record RgbImage(int width, int height, byte[] rgb, int offset) {}

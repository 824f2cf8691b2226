package dev.vigil.wasm;

/**
 * A box a guest reported, in frame pixels (edges, {@code x0 <= x1}, {@code y0 <= y1}).
 *
 * @param label index into the model's labels
 */
public record Detection(int label, float score, float x0, float y0, float x1, float y1) {}

package dev.vigil.wasm;

/**
 * A box a guest reported with {@code emit_detection}, in frame pixels (edges, {@code x0 <= x1},
 * {@code y0 <= y1}). Not the job's Avro {@code Detection} (one record per frame, boxes normalised
 * to the frame, labels resolved), which flink-job makes from these.
 *
 * @param label index into the model's labels
 */
public record GuestBox(int label, float score, float x0, float y0, float x1, float y1) {}

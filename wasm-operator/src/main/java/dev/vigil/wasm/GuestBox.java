package dev.vigil.wasm;

/**
 * A box a guest reported with {@code emit_detection} (or, with its text, {@code emit_text}), in
 * frame pixels (edges, {@code x0 <= x1}, {@code y0 <= y1}), with the text a reading guest
 * recognised in it. Not the job's Avro {@code Detection} (one record per frame, boxes normalised to
 * the frame, labels resolved), which flink-job makes from these.
 *
 * @param label index into the model's labels
 * @param text what a reading guest recognised in the box; null when the guest reads no text
 * @param textScore the guest's confidence in {@code text}, 0..1; 0 when {@code text} is null
 */
public record GuestBox(
        int label,
        float score,
        float x0,
        float y0,
        float x1,
        float y1,
        String text,
        float textScore) {

    /** A box without text, as a detector reports it. */
    public GuestBox(int label, float score, float x0, float y0, float x1, float y1) {
        this(label, score, x0, y0, x1, y1, null, 0f);
    }
}

package dev.vigil.wasm;

/** A frame's identity end to end: its source and that source's sequence number. */
public record FrameId(String sourceId, long sequence) {
    @Override
    public String toString() {
        return sourceId + "#" + sequence;
    }
}

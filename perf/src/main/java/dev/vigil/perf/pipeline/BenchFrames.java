package dev.vigil.perf.pipeline;

import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/**
 * The frames every run offers, the same in all: RAW RGB8 squares from {@code cameras} sources, each
 * camera with a white square of its own at its own place. The square is there in three frames of
 * every four, so each appearance is a new track that alerts on its third frame ({@link
 * #alerts(long)}) under the default rule (three frames), and both output topics get records at a
 * steady rate. Payloads are built once and shared.
 */
final class BenchFrames {
    /** The object shows in sequences 1, 2, 3 of every 4 and is gone in the 4th. */
    static final int PERIOD = 4;

    private static final long CAPTURE_EPOCH_MS = 1_700_000_000_000L;
    private static final long FRAME_INTERVAL_MS = 66; // 15 fps

    private final int side;
    private final byte[][] withObject;
    private final byte[] empty;

    BenchFrames(int cameras, int side) {
        this.side = side;
        this.withObject = new byte[cameras][];
        int square = Math.max(8, side / 6);
        for (int c = 0; c < cameras; c++) {
            int x = (c * 97) % Math.max(1, side - square);
            int y = (c * 61) % Math.max(1, side - square);
            withObject[c] = rgb(side, side, new int[] {x, y, square, square});
        }
        this.empty = rgb(side, side);
    }

    int cameras() {
        return withObject.length;
    }

    int side() {
        return side;
    }

    static String camera(int index) {
        return String.format("cam-%03d", index);
    }

    /** Camera {@code camera}'s pixels at sequence {@code seq} (1-based). */
    byte[] payload(int camera, long seq) {
        return seq % PERIOD == 0 ? empty : withObject[camera];
    }

    /** The offered frame {@code index} of a run: cameras in turn, each counting from 1. */
    Frame frame(long index) {
        int camera = (int) (index % cameras());
        long seq = index / cameras() + 1;
        return frame(camera(camera), seq, FrameEncoding.RAW_RGB8, side, side, payload(camera, seq));
    }

    /** Whether the frame of sequence {@code seq} makes its source's track alert. */
    static boolean alerts(long seq) {
        return seq % PERIOD == PERIOD - 1;
    }

    static Frame frame(
            String source,
            long seq,
            FrameEncoding encoding,
            int width,
            int height,
            byte[] payload) {
        return Frame.newBuilder()
                .setSourceId(source)
                .setSequence(seq)
                .setCaptureTime(Instant.ofEpochMilli(CAPTURE_EPOCH_MS + seq * FRAME_INTERVAL_MS))
                .setEncoding(encoding)
                .setWidth(width)
                .setHeight(height)
                .setPayload(ByteBuffer.wrap(payload))
                .setAttributes(Map.of())
                .build();
    }

    /** Black RGB8 pixels with white rectangles {x, y, w, h}. */
    static byte[] rgb(int width, int height, int[]... rects) {
        byte[] rgb = new byte[width * height * 3];
        for (int[] r : rects) {
            for (int y = r[1]; y < Math.min(height, r[1] + r[3]); y++) {
                for (int x = r[0]; x < Math.min(width, r[0] + r[2]); x++) {
                    int at = (y * width + x) * 3;
                    rgb[at] = rgb[at + 1] = rgb[at + 2] = (byte) 255;
                }
            }
        }
        return rgb;
    }
}

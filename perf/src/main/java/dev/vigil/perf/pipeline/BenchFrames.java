package dev.vigil.perf.pipeline;

import dev.vigil.schemas.Frame;
import dev.vigil.wasm.GuestFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/**
 * The frames every run offers, the same in all: {@link BenchScenes} from {@code cameras} sources,
 * {@link BenchScenes#PERIOD} distinct frames per camera, encoded once here (before any run, so no
 * run measures the encoder) and shared by every frame of that camera and phase.
 */
public final class BenchFrames {
    private static final long CAPTURE_EPOCH_MS = 1_700_000_000_000L;
    private static final long FRAME_INTERVAL_MS = 66; // 15 fps

    private final BenchEncoding encoding;
    private final int width;
    private final int height;
    private final byte[][][] payloads; // [camera][seq % PERIOD]

    /** The frames {@code settings} asks for: its cameras, frame size and encoding. */
    static BenchFrames of(BenchSettings settings) {
        return new BenchFrames(
                settings.cameras(),
                settings.frameWidth(),
                settings.frameHeight(),
                settings.encoding());
    }

    BenchFrames(int cameras, int width, int height, BenchEncoding encoding) {
        this.encoding = encoding;
        this.width = width;
        this.height = height;
        this.payloads = new byte[cameras][BenchScenes.PERIOD][];
        for (int c = 0; c < cameras; c++) {
            for (int phase = 0; phase < BenchScenes.PERIOD; phase++) {
                payloads[c][phase] = encoding.encode(BenchScenes.render(c, phase, width, height));
            }
        }
    }

    int cameras() {
        return payloads.length;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Mean payload size in bytes, for the report. */
    double meanPayloadBytes() {
        long total = 0;
        for (byte[][] camera : payloads) {
            for (byte[] payload : camera) {
                total += payload.length;
            }
        }
        return (double) total / (payloads.length * BenchScenes.PERIOD);
    }

    static String camera(int index) {
        return String.format("cam-%03d", index);
    }

    /** The camera index of {@link #camera(int)}'s name. */
    static int cameraIndex(CharSequence source) {
        return Integer.parseInt(source.toString().substring("cam-".length()));
    }

    /** Camera {@code camera}'s payload at sequence {@code seq} (1-based). */
    byte[] payload(int camera, long seq) {
        return payloads[camera][(int) (seq % BenchScenes.PERIOD)];
    }

    /** The offered frame {@code index} of a run: cameras in turn, each counting from 1. */
    Frame frame(long index) {
        int camera = (int) (index % cameras());
        long seq = index / cameras() + 1;
        return frame(camera(camera), seq, encoding.schema, width, height, payload(camera, seq));
    }

    /** Offered frame {@code index} as the host hands it to a guest. */
    GuestFrame guestFrame(long index) {
        int camera = (int) (index % cameras());
        long seq = index / cameras() + 1;
        return GuestFrame.of(
                camera(camera), seq, encoding.guest, width, height, payload(camera, seq));
    }

    /** One frame record as a camera sends it; the host-cost steps build theirs with it too. */
    public static Frame frame(
            String source,
            long seq,
            dev.vigil.schemas.FrameEncoding encoding,
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

    /** Black RGB8 pixels with white rectangles {x, y, w, h}: frames a test can reason about. */
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

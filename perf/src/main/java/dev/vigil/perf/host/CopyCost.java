package dev.vigil.perf.host;

import dev.vigil.job.inference.GuestFrames;
import dev.vigil.perf.pipeline.BenchFrames;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.wasm.GuestFrame;
import dev.vigil.wasm.kernels.FrameDecoder;
import dev.vigil.wasm.kernels.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Step 3: a frame from the Kafka record's bytes to the pixels the host's kernels read, stage by
 * stage, with the bytes each stage allocates on the calling thread (a copy of the payload shows as
 * its size) and its time: Avro's decoding of the Confluent wire format (what {@code
 * ConfluentAvroCodec.decode} does once its reader is cached: a 5-byte header, then the record),
 * {@link GuestFrames#of}, then decoding before issue 20 and now.
 */
final class CopyCost {
    private static final int HEADER = 5;

    private final int frames;

    CopyCost(int frames) {
        this.frames = frames;
    }

    void measure(String name, FrameEncoding encoding, int width, int height, byte[] payload) {
        byte[] record = wire(BenchFrames.frame("cam-1", 1, encoding, width, height, payload));
        SpecificDatumReader<Frame> reader = new SpecificDatumReader<>(Frame.class);
        FrameDecoder decoder = new FrameDecoder(100_000_000L);
        long[] bytes = new long[4];
        long[] nanos = new long[4];
        for (int pass = 0; pass < 2; pass++) { // the first pass warms up, the second is measured
            java.util.Arrays.fill(bytes, 0);
            java.util.Arrays.fill(nanos, 0);
            for (int i = 0; i < frames; i++) {
                long b0 = CpuClock.threadAllocatedBytes();
                long t0 = System.nanoTime();
                Frame frame = read(reader, record);
                long b1 = CpuClock.threadAllocatedBytes();
                long t1 = System.nanoTime();
                GuestFrame guest = GuestFrames.of(frame);
                long b2 = CpuClock.threadAllocatedBytes();
                long t2 = System.nanoTime();
                byte[] before =
                        encoding == FrameEncoding.RAW_RGB8
                                ? decoder.decode(guest).rgb() // unchanged: used in place
                                : ImageIoBaseline.before(array(guest.payload()));
                long b3 = CpuClock.threadAllocatedBytes();
                long t3 = System.nanoTime();
                RgbImage now = decoder.decode(guest);
                long b4 = CpuClock.threadAllocatedBytes();
                long t4 = System.nanoTime();
                HostWork.consume(before.length + now.rgb().length);
                bytes[0] += b1 - b0;
                bytes[1] += b2 - b1;
                bytes[2] += b3 - b2;
                bytes[3] += b4 - b3;
                nanos[0] += t1 - t0;
                nanos[1] += t2 - t1;
                nanos[2] += t3 - t2;
                nanos[3] += t4 - t3;
            }
        }
        String[] stages = {"avro-decode", "GuestFrames.of", "decode-before", "decode-now"};
        System.out.printf(
                "copies %s: payload %d bytes, record %d bytes, %d frames%n",
                name, payload.length, record.length, frames);
        for (int s = 0; s < stages.length; s++) {
            System.out.printf(
                    "copies %-14s %-15s allocated_kb=%8.1f (%.2f payloads)  ms=%7.3f%n",
                    name,
                    stages[s],
                    bytes[s] / 1024.0 / frames,
                    (double) bytes[s] / frames / payload.length,
                    nanos[s] / 1e6 / frames);
        }
    }

    /** The payload as the decoder before issue 20 took it: the record's array, not copied. */
    private static byte[] array(ByteBuffer payload) {
        if (payload.arrayOffset() != 0
                || payload.position() != 0
                || payload.remaining() != payload.array().length) {
            throw new IllegalStateException(
                    "Avro's payload is a view; the baseline expects a whole array");
        }
        return payload.array();
    }

    private static Frame read(SpecificDatumReader<Frame> reader, byte[] record) {
        BinaryDecoder decoder =
                DecoderFactory.get().binaryDecoder(record, HEADER, record.length - HEADER, null);
        try {
            return reader.read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] wire(Frame frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0); // Confluent's magic byte, then a 4-byte schema id
        out.writeBytes(new byte[] {0, 0, 0, 1});
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new SpecificDatumWriter<>(Frame.class).write(frame, encoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

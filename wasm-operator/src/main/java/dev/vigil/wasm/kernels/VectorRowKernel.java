package dev.vigil.wasm.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernel} on the JDK's incubating Vector API. {@link #normalise} takes 16 pixels a step
 * as three 128-bit byte vectors; a channel's 16 bytes come out of two blends and one byte shuffle
 * (SSSE3 or NEON), are widened to int and float vectors of the machine's preferred width and
 * normalised with the same float multiply and add as {@link ScalarRowKernel}, which also does the
 * last pixels of a row. {@link #interpolate} widens 16 bytes of each row a step.
 *
 * <p>Load this class only where the module {@code jdk.incubator.vector} is in the boot layer: its
 * first use elsewhere fails with {@link NoClassDefFoundError}. {@link RowKernels} checks that.
 */
final class VectorRowKernel implements RowKernel {
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_128;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS =
            VectorSpecies.of(int.class, FLOATS.vectorShape());

    /** Pixels per step: one byte vector per channel. */
    private static final int PIXELS = BYTES.length();

    /** Float vectors per channel and step. */
    private static final int PARTS = PIXELS / FLOATS.length();

    private static final Channel[] CHANNELS = {Channel.of(0), Channel.of(1), Channel.of(2)};

    /**
     * Where channel {@code k}'s bytes are among three consecutive byte vectors: position {@code q}
     * holds a byte of channel {@code k} in exactly one of them (it takes that one's), and lane
     * {@code i} of the result is byte {@code 3 i + k} of the 48, found at position {@code (3 i + k)
     * mod 16}.
     */
    private record Channel(
            VectorMask<Byte> fromSecond, VectorMask<Byte> fromThird, VectorShuffle<Byte> order) {
        static Channel of(int k) {
            boolean[] second = new boolean[PIXELS];
            boolean[] third = new boolean[PIXELS];
            int[] order = new int[PIXELS];
            for (int q = 0; q < PIXELS; q++) {
                second[q] = (PIXELS + q) % 3 == k;
                third[q] = (2 * PIXELS + q) % 3 == k;
                order[q] = (3 * q + k) % PIXELS;
            }
            return new Channel(
                    VectorMask.fromArray(BYTES, second, 0),
                    VectorMask.fromArray(BYTES, third, 0),
                    VectorShuffle.fromArray(BYTES, order, 0));
        }
    }

    /**
     * One channel at a time over the row, so that the loop body exists once: C2 must inline all of
     * it to keep the vectors in registers, and three copies (one per channel) passed its node limit
     * when the caller was inlined too (then every vector became an object, slower than scalar). The
     * row's bytes are read three times, from L1.
     */
    @Override
    public void normalise(
            byte[] rgb, int at, int count, float[][] rows, int x, float[] gain, float[] offset) {
        int steps = count / PIXELS;
        for (int c = 0; c < 3; c++) {
            Channel channel = CHANNELS[c];
            float[] row = rows[c];
            float channelGain = gain[c];
            float channelOffset = offset[c];
            for (int step = 0, from = at, to = x;
                    step < steps;
                    step++, from += 3 * PIXELS, to += PIXELS) {
                ByteVector bytes =
                        ByteVector.fromArray(BYTES, rgb, from)
                                .blend(
                                        ByteVector.fromArray(BYTES, rgb, from + PIXELS),
                                        channel.fromSecond)
                                .blend(
                                        ByteVector.fromArray(BYTES, rgb, from + 2 * PIXELS),
                                        channel.fromThird)
                                .rearrange(channel.order);
                for (int part = 0; part < PARTS; part++) {
                    widen(bytes, part)
                            .mul(channelGain)
                            .add(channelOffset)
                            .intoArray(row, to + part * FLOATS.length());
                }
            }
        }
        int done = steps * PIXELS;
        ScalarRowKernel.INSTANCE.normalise(
                rgb, at + 3 * done, count - done, rows, x + done, gain, offset);
    }

    @Override
    public void interpolate(
            byte[] rgb, int first, int second, int length, float weight, float[] out, int x) {
        int done = length - length % PIXELS;
        for (int i = 0; i < done; i += PIXELS) {
            ByteVector top = ByteVector.fromArray(BYTES, rgb, first + i);
            ByteVector bottom = ByteVector.fromArray(BYTES, rgb, second + i);
            for (int part = 0; part < PARTS; part++) {
                FloatVector a = widen(top, part);
                a.add(widen(bottom, part).sub(a).mul(weight))
                        .intoArray(out, x + i + part * FLOATS.length());
            }
        }
        ScalarRowKernel.INSTANCE.interpolate(
                rgb, first + done, second + done, length - done, weight, out, x + done);
    }

    /** Part {@code part} of 16 unsigned bytes as floats. */
    private static FloatVector widen(ByteVector bytes, int part) {
        IntVector signed = (IntVector) bytes.convertShape(VectorOperators.B2I, INTS, part);
        return (FloatVector) signed.and(0xFF).convertShape(VectorOperators.I2F, FLOATS, 0);
    }

    @Override
    public String toString() {
        return "vector (" + FLOATS.length() + " float lanes)";
    }
}

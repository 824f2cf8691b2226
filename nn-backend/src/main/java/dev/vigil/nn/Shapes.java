package dev.vigil.nn;

import java.util.Arrays;

/** Small arithmetic on tensor shapes. */
final class Shapes {
    private Shapes() {}

    /** The element count of a fully known shape; fails on overflow rather than wrapping. */
    static int elements(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return Math.toIntExact(count);
    }

    static String text(long[] shape) {
        return Arrays.toString(shape);
    }
}

package dev.vigil.wasm.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector kernel against the scalar one: the same bits for every value. Runs with {@code
 * --add-modules jdk.incubator.vector} (the surefire argLine of this module).
 */
class VectorRowKernelTest {
    private static final RowKernel VECTOR = new VectorRowKernel();
    private static final RowKernel SCALAR = ScalarRowKernel.INSTANCE;
    private static final Preprocess DBNET_BGR =
            new Preprocess(
                    1f / 255f,
                    new float[] {0.485f, 0.456f, 0.406f},
                    new float[] {0.229f, 0.224f, 0.225f},
                    114f,
                    true,
                    1f);
    private static final Preprocess UNIT_RGB =
            new Preprocess(1f / 255f, new float[3], new float[] {1, 1, 1}, 0f, false, 1f);
    private static final Preprocess DBNET_BGR_ANY_SIZE = withoutLimit(DBNET_BGR);
    private static final Preprocess UNIT_RGB_ANY_SIZE = withoutLimit(UNIT_RGB);

    /** Resize factors above 1 allowed, so that small frames are enlarged (bilinear). */
    private static Preprocess withoutLimit(Preprocess p) {
        return new Preprocess(p.scale(), p.mean(), p.std(), p.pad(), p.bgr(), 0f);
    }

    @Test
    void isTheKernelOfAJvmWithTheVectorModuleAndScalarWithout() {
        assertThat(RowKernels.select(ModuleLayer.boot())).isInstanceOf(VectorRowKernel.class);
        assertThat(RowKernels.SELECTED).isInstanceOf(VectorRowKernel.class);
        assertThat(RowKernels.select(ModuleLayer.empty())).isSameAs(SCALAR);
    }

    @Test
    void writesTheScalarBitsForEveryRowLengthAndPosition() {
        byte[] rgb = random(3 * 120);
        float[] gain = {DBNET_BGR.gain(2), DBNET_BGR.gain(1), DBNET_BGR.gain(0)};
        float[] offset = {DBNET_BGR.offset(2), DBNET_BGR.offset(1), DBNET_BGR.offset(0)};
        // Lengths around the 16-pixel step (tails of 0..15), at odd byte offsets and columns.
        for (int count = 0; count <= 100; count++) {
            for (int at : new int[] {0, 1, 3 * 7 + 2}) {
                for (int x : new int[] {0, 5}) {
                    float[][] expected = new float[3][x + 100];
                    float[][] actual = new float[3][x + 100];
                    SCALAR.normalise(rgb, at, count, expected, x, gain, offset);
                    VECTOR.normalise(rgb, at, count, actual, x, gain, offset);
                    for (int c = 0; c < 3; c++) {
                        assertThat(firstDifference(actual[c], expected[c]))
                                .as(
                                        "channel %d, %d pixels from byte %d to column %d",
                                        c, count, at, x)
                                .isEqualTo(-1);
                    }
                }
            }
        }
    }

    @Test
    void interpolatesRowsToTheScalarBitsForEveryLength() {
        byte[] rgb = random(2 * 120);
        for (int length = 0; length <= 100; length++) {
            for (float weight : new float[] {0f, 0.25f, 0.6180339f, 1f}) {
                float[] expected = new float[length + 3];
                float[] actual = new float[length + 3];
                SCALAR.interpolate(rgb, 1, 120 + 7, length, weight, expected, 3);
                VECTOR.interpolate(rgb, 1, 120 + 7, length, weight, actual, 3);
                assertThat(firstDifference(actual, expected))
                        .as("%d values, weight %s", length, weight)
                        .isEqualTo(-1);
            }
        }
    }

    @Test
    void resamplesRandomFramesToTheScalarBits() {
        // Shrunk (1280x960 to 640x480 and odd factors), enlarged, a region, RGB and BGR.
        sameBits(random(1280, 960), 0, 0, 1280, 960, 640, 640, DBNET_BGR_ANY_SIZE);
        sameBits(random(333, 201), 0, 0, 333, 201, 160, 160, DBNET_BGR_ANY_SIZE);
        sameBits(random(37, 23), 0, 0, 37, 23, 97, 61, UNIT_RGB_ANY_SIZE);
        sameBits(random(101, 77), 13, 9, 51, 31, 29, 40, DBNET_BGR_ANY_SIZE);
        sameBits(random(101, 77), 13, 9, 51, 31, 200, 90, UNIT_RGB_ANY_SIZE);
    }

    @Test
    void letterboxesRandomFramesToTheScalarBits() {
        // Factor 1 (maxScale 1): square, no padding; odd widths (tails) padded left and right, or
        // above and below.
        sameBits(random(640, 640), 0, 0, 640, 640, 640, 640, DBNET_BGR);
        sameBits(random(640, 640), 0, 0, 640, 640, 640, 640, UNIT_RGB);
        sameBits(random(37, 23), 0, 0, 37, 23, 48, 24, DBNET_BGR);
        sameBits(random(37, 23), 0, 0, 37, 23, 40, 64, UNIT_RGB);
        sameBits(random(333, 201), 0, 0, 333, 201, 352, 224, DBNET_BGR);
        // A region of odd width and offset (crop_resize), padded on every side.
        sameBits(random(101, 77), 13, 9, 51, 31, 64, 40, DBNET_BGR);
        sameBits(random(101, 77), 13, 9, 51, 31, 64, 40, UNIT_RGB);
        // One column, one row.
        sameBits(random(1, 9), 0, 0, 1, 9, 4, 16, DBNET_BGR);
        sameBits(random(19, 1), 0, 0, 19, 1, 32, 4, UNIT_RGB);
    }

    private static void sameBits(
            RgbImage image, int rx, int ry, int rw, int rh, int dw, int dh, Preprocess p) {
        FloatBuffer expected = FloatBuffer.allocate(3 * dw * dh);
        FloatBuffer actual = FloatBuffer.allocate(3 * dw * dh);
        Placement scalar =
                ImageKernels.letterbox(image, rx, ry, rw, rh, expected, dw, dh, p, SCALAR);
        Placement vector = ImageKernels.letterbox(image, rx, ry, rw, rh, actual, dw, dh, p, VECTOR);
        assertThat(vector).isEqualTo(scalar);
        assertThat(firstDifference(actual.array(), expected.array()))
                .as("%dx%d region at %d,%d into %dx%d, bgr=%s", rw, rh, rx, ry, dw, dh, p.bgr())
                .isEqualTo(-1);
    }

    /**
     * The index of the first value whose bits differ (equal floats may not be: 0.0 and -0.0), or
     * -1. AssertJ's containsExactly is quadratic on a million values.
     */
    private static int firstDifference(float[] actual, float[] expected) {
        return Arrays.mismatch(bits(actual), bits(expected));
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static RgbImage random(int width, int height) {
        return new RgbImage(width, height, random(3 * width * height), 0);
    }

    private static byte[] random(int bytes) {
        byte[] rgb = new byte[bytes];
        new SplittableRandom(bytes).nextBytes(rgb);
        return rgb;
    }
}

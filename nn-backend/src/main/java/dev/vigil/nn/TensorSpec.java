package dev.vigil.nn;

import java.util.Arrays;
import java.util.List;

/**
 * One input or output of a model as the descriptor states it.
 *
 * @param name the ONNX graph's name for it
 * @param type element type as ONNX Runtime names it: {@value #FLOAT} or {@value #UINT8} (8-bit
 *     pixels, for models that normalise in their graph)
 * @param shape dimensions, {@code -1} where the model accepts any size (the batch dimension first)
 * @param layout e.g. {@code NCHW} for images; empty where it means nothing
 * @param warmupShape for inputs: the full shape used to warm the model up, batch dimension {@code
 *     -1} (replaced by each warm-up batch size); empty when {@code shape} has no other dynamic
 *     dimension
 */
public record TensorSpec(
        String name, String type, List<Long> shape, String layout, List<Long> warmupShape) {
    public static final String FLOAT = "float";
    public static final String UINT8 = "uint8";

    public TensorSpec {
        shape = List.copyOf(shape);
        layout = layout == null ? "" : layout;
        warmupShape = warmupShape == null ? List.of() : List.copyOf(warmupShape);
    }

    public static TensorSpec of(String name, String type, String layout, long... shape) {
        return new TensorSpec(name, type, Arrays.stream(shape).boxed().toList(), layout, List.of());
    }

    public TensorSpec withWarmupShape(long... dims) {
        return new TensorSpec(name, type, shape, layout, Arrays.stream(dims).boxed().toList());
    }

    /** True if {@code actual} has this rank and equals every fixed dimension. */
    public boolean accepts(long[] actual) {
        if (actual.length != shape.size()) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            if (shape.get(i) >= 0 && shape.get(i) != actual[i]) {
                return false;
            }
        }
        return true;
    }
}

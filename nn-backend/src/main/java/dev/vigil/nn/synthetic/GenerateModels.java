package dev.vigil.nn.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes every generated model as {@code <outDir>/<name>.onnx}, for benchmarks and manual runs:
 * {@code java -cp nn-backend/target/classes dev.vigil.nn.synthetic.GenerateModels <outDir>}. The
 * ResNet-50-shaped model uses {@link ResNet50Shaped#DEFAULT_SEED}.
 */
public final class GenerateModels {
    private GenerateModels() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: GenerateModels <outDir>");
            System.exit(2);
        }
        Path outDir = Files.createDirectories(Path.of(args[0]));
        List<Supplier<SyntheticModel>> builders =
                List.of(
                        DeterministicDetector::build,
                        () -> ResNet50Shaped.build(ResNet50Shaped.DEFAULT_SEED));
        for (Supplier<SyntheticModel> builder : builders) {
            long start = System.nanoTime();
            SyntheticModel model = builder.get();
            Path file = outDir.resolve(model.name() + ".onnx");
            model.writeTo(file);
            System.out.printf(
                    "%s: %d parameters, %d bytes, %.2f s%n",
                    file,
                    model.parameterCount(),
                    model.sizeBytes(),
                    (System.nanoTime() - start) / 1e9);
        }
    }
}

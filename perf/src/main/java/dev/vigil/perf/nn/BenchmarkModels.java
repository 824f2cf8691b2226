package dev.vigil.perf.nn;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelLease;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.nn.synthetic.SyntheticModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A generated model in a throw-away repository, leased on the CPU provider as a Flink slot would
 * lease it: warmed up at the batch sizes the benchmark runs. Close it to drop the session and the
 * files.
 */
final class BenchmarkModels implements AutoCloseable {
    private final Path repository;
    private final ModelHost host;
    private final ModelLease lease;

    BenchmarkModels(SyntheticModel model, List<Integer> batchSizes) {
        try {
            repository = Files.createTempDirectory("vigil-bench-models");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        model.importInto(new ModelRepository(repository), "1");
        host =
                new ModelHost(
                        NnSettings.builder()
                                .repository(repository)
                                .providers(List.of(ExecutionProvider.CPU))
                                .warmupBatchSizes(batchSizes)
                                .build());
        lease = host.lease(ModelRef.parse(model.name()), 0);
    }

    ModelLease lease() {
        return lease;
    }

    @Override
    public void close() throws IOException {
        lease.close();
        host.close();
        try (Stream<Path> files = Files.walk(repository)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}

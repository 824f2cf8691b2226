package dev.vigil.perf.pipeline;

import dev.vigil.job.JobOptions;
import dev.vigil.job.testing.JobTopics;
import dev.vigil.nn.ModelRepository;
import dev.vigil.stack.embedded.EmbeddedKafka;
import dev.vigil.stack.embedded.EmbeddedRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;

/**
 * The real parts a run needs, on this machine: a Kafka broker and a schema registry in child JVMs,
 * and model repositories holding each workload's models. Closing stops them and deletes their
 * files.
 */
final class BenchStack implements AutoCloseable {
    private final Path dir;
    private final EmbeddedKafka kafka;
    private final EmbeddedRegistry registry;
    private final Map<String, Path> repositories = new HashMap<>();

    private BenchStack(Path dir, EmbeddedKafka kafka, EmbeddedRegistry registry) {
        this.dir = dir;
        this.kafka = kafka;
        this.registry = registry;
    }

    static BenchStack start() throws IOException {
        Path dir = Files.createTempDirectory("vigil-bench-");
        EmbeddedKafka kafka =
                EmbeddedKafka.builder().workDir(dir.resolve("kafka")).heap("512m").start();
        try {
            EmbeddedRegistry registry =
                    EmbeddedRegistry.builder().workDir(dir.resolve("registry")).start();
            return new BenchStack(dir, kafka, registry);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    JobTopics topics(String prefix) {
        return new JobTopics(kafka.bootstrapServers(), registry.url(), prefix);
    }

    /**
     * A repository with {@code model}'s models, one per model and batch size: the process-wide
     * model host keeps the settings of the first job per repository, and each batch size's job
     * should find its own shapes warmed up.
     */
    Path repository(BenchModel model, int maxBatch) {
        return repositories.computeIfAbsent(
                model.option + "-batch-" + maxBatch,
                key -> {
                    Path repository = dir.resolve("models-" + key);
                    model.importInto(new ModelRepository(repository));
                    return repository;
                });
    }

    /**
     * The model and guest options of every run of {@code model} at {@code maxBatch}: its bundled
     * guest and bindings, from that repository, on the providers of {@code settings}.
     */
    Configuration modelOptions(BenchSettings settings, BenchModel model, int maxBatch) {
        Configuration options = new Configuration();
        options.set(JobOptions.GUEST, model.guestOption());
        options.set(JobOptions.MODELS, model.bindings);
        options.set(JobOptions.MODEL_REPOSITORY, repository(model, maxBatch).toString());
        options.set(JobOptions.PROVIDERS, settings.providers());
        options.set(JobOptions.MAX_BATCH, maxBatch);
        return options;
    }

    /** The child processes by name, for their CPU time. */
    Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("Kafka broker (process)", kafka.pid());
        pids.put("schema registry (process)", registry.pid());
        return pids;
    }

    @Override
    public void close() throws IOException {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}

package dev.vigil.job;

import dev.vigil.nn.NnSettings;
import dev.vigil.wasm.WasmSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every setting of the job, as Flink options: typed, documented, with defaults that run on one
 * laptop. Pass them as {@code -Dkey=value} or {@code --key value} when submitting the job.
 */
public final class JobOptions {
    private JobOptions() {}

    public static final ConfigOption<String> GUEST =
            ConfigOptions.key("vigil.guest")
                    .stringType()
                    .defaultValue("bundled:text-detect")
                    .withDescription(
                            "The guest module: 'bundled:<name>' for one shipped in the job jar,"
                                    + " or the path of a .wasm file on every TaskManager.");

    public static final ConfigOption<Map<String, String>> MODELS =
            ConfigOptions.key("vigil.models")
                    .mapType()
                    .defaultValue(Map.of("detector", "ppocr-det@4"))
                    .withDescription(
                            "The models the guest may reach: guest name -> model@version in the"
                                    + " repository, e.g. 'detector:ppocr-det@4'. Pin versions:"
                                    + " an upgrade is a new version here and a savepoint"
                                    + " restart.");

    public static final ConfigOption<String> MODEL_REPOSITORY =
            ConfigOptions.key("vigil.model-repository")
                    .stringType()
                    .defaultValue(NnSettings.builder().build().repository().toString())
                    .withDescription(
                            "Model repository directory on every TaskManager"
                                    + " (fill it with 'vigil models import').");

    public static final ConfigOption<List<String>> PROVIDERS =
            ConfigOptions.key("vigil.providers")
                    .stringType()
                    .asList()
                    .defaultValues("CUDA", "OPENVINO", "CPU")
                    .withDescription("ONNX Runtime execution providers, tried in this order.");

    public static final ConfigOption<Integer> MAX_BATCH =
            ConfigOptions.key("vigil.batch.max-size")
                    .intType()
                    .defaultValue(8)
                    .withDescription("A batch is sent as soon as it holds this many frames.");

    public static final ConfigOption<Duration> MAX_DELAY =
            ConfigOptions.key("vigil.batch.max-delay")
                    .durationType()
                    .defaultValue(Duration.ofMillis(50))
                    .withDescription(
                            "... or when its oldest frame has waited this long: the latency"
                                    + " batching may add.");

    public static final ConfigOption<Integer> MAX_IN_FLIGHT =
            ConfigOptions.key("vigil.batch.max-in-flight")
                    .intType()
                    .defaultValue(2)
                    .withDescription(
                            "Batches computing or waiting to be emitted per subtask; beyond it the"
                                    + " source is backpressured.");

    public static final ConfigOption<Integer> POOL_SIZE =
            ConfigOptions.key("vigil.guest.pool-size")
                    .intType()
                    .defaultValue(WasmSettings.defaults().poolSize())
                    .withDescription("Warm guest instances per subtask.");

    public static final ConfigOption<Duration> CALL_DEADLINE =
            ConfigOptions.key("vigil.guest.call-deadline")
                    .durationType()
                    .defaultValue(WasmSettings.defaults().callDeadline())
                    .withDescription(
                            "Longest one guest call (one batch, model run included) may take;"
                                    + " past it the batch's frames are retried alone and the"
                                    + " culprit is dead-lettered.");

    public static final ConfigOption<Integer> MAX_MEMORY_PAGES =
            ConfigOptions.key("vigil.guest.max-memory-pages")
                    .intType()
                    .defaultValue(WasmSettings.defaults().maxMemoryPages())
                    .withDescription("Linear memory limit per guest instance, in 64 KiB pages.");
}

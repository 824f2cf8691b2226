package dev.vigil.job;

import dev.vigil.job.alert.AlertRule;
import dev.vigil.job.alert.Watchlist;
import dev.vigil.job.inference.BatchPolicy;
import dev.vigil.job.inference.Batching;
import dev.vigil.job.sensors.Windowing;
import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.NnSettings;
import dev.vigil.schemas.serde.SerdeSettings;
import dev.vigil.topics.TopicSettings;
import dev.vigil.wasm.WasmSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;

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
                            "The guest module: 'bundled:<name>' for one shipped in the job jar, the"
                                + " path of a .wasm file on every TaskManager, or its URI in a"
                                + " store Flink's file systems read (file:///shared/x.wasm,"
                                + " s3://bucket/x.wasm), its signature <module>.sig beside it.");

    public static final ConfigOption<Map<String, String>> MODELS =
            ConfigOptions.key("vigil.models")
                    .mapType()
                    .defaultValue(Map.of("detector", "ppocr-det@4"))
                    .withDescription(
                            "The models the guest may reach: guest name -> model@version in the"
                                    + " repository, e.g. 'detector:ppocr-det@4' for a detector or"
                                    + " 'detector:ppocr-det@4,recogniser:ppocr-rec@4' for the"
                                    + " reader (boxes take the detector's labels). Pin versions:"
                                    + " an upgrade of either is a new version here and a"
                                    + " savepoint restart.");

    public static final ConfigOption<List<String>> PIPELINES =
            ConfigOptions.key("vigil.pipelines")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Named pipelines besides the default one (vigil.guest, vigil.models),"
                                    + " each with its vigil.pipeline.<name>.guest and"
                                    + " vigil.pipeline.<name>.models, e.g. 'plates'; a source's"
                                    + " config (the sources topic) names the one that serves it.");

    public static final ConfigOption<String> MODEL_REPOSITORY =
            ConfigOptions.key("vigil.model-repository")
                    .stringType()
                    .defaultValue(NnSettings.builder().build().repository().toString())
                    .withDescription(
                            "Model repository: a directory on every TaskManager (fill it with"
                                    + " 'vigil models import'), or the URI of a shared store"
                                    + " Flink's file systems read (file:///shared/models,"
                                    + " s3://bucket/models with Flink's S3 plugin; fill it with"
                                    + " 'vigil models push --to URI'), copied into each"
                                    + " TaskManager's vigil.model-cache.dir.");

    public static final ConfigOption<Boolean> ORT_ALLOW_SPINNING =
            ConfigOptions.key("vigil.onnx.allow-spinning")
                    .booleanType()
                    .defaultValue(NnSettings.builder().build().allowSpinning())
                    .withDescription(
                            "Whether ONNX Runtime's CPU pool threads spin while they wait for"
                                    + " work. Off by default: on a TaskManager whose cores the"
                                    + " slots share, a spinning pool burns the CPU that decoding"
                                    + " and the other slots need; turn it on only for a"
                                    + " dedicated core per pool thread.");

    public static final ConfigOption<Integer> ORT_INTRA_OP_THREADS =
            ConfigOptions.key("vigil.onnx.intra-op-threads")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "Threads of ONNX Runtime's CPU pool per model session (a"
                                    + " TaskManager's slots share one session per model). 0: every"
                                    + " core the TaskManager's JVM sees. Where TaskManagers share a"
                                    + " host, set it to the cores each one owns, or their pools"
                                    + " oversubscribe the host (docs/CAPACITY.md).");

    public static final ConfigOption<String> MODEL_CACHE_DIR =
            ConfigOptions.key("vigil.model-cache.dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Where each TaskManager keeps the models it copied from a shared"
                                    + " vigil.model-repository, by SHA-256, across jobs and"
                                    + " restarts (default: vigil-model-cache in the TaskManager's"
                                    + " java.io.tmpdir).");

    public static final ConfigOption<MemorySize> MODEL_CACHE_MAX_SIZE =
            ConfigOptions.key("vigil.model-cache.max-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("4g"))
                    .withDescription(
                            "Past this, the cached model files used longest ago are deleted"
                                    + " (never those of the models being loaded).");

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

    public static final ConfigOption<BatchPolicy> BATCH_POLICY =
            ConfigOptions.key("vigil.batch.policy")
                    .enumType(BatchPolicy.class)
                    .defaultValue(BatchPolicy.FIXED)
                    .withDescription(
                            "When a batch that is not full is sent. FIXED: when its oldest frame"
                                    + " has waited vigil.batch.max-delay. ADAPTIVE: at the latest"
                                    + " moment its oldest frame's run still ends within"
                                    + " vigil.batch.latency-budget, by the run time it learns per"
                                    + " batch size and the batches queued before it; as FIXED"
                                    + " before its first batch and while the budget cannot be"
                                    + " met.");

    public static final ConfigOption<Duration> LATENCY_BUDGET =
            ConfigOptions.key("vigil.batch.latency-budget")
                    .durationType()
                    .defaultValue(Batching.DEFAULT_LATENCY_BUDGET)
                    .withDescription(
                            "From a frame's arrival at the inference stage to the end of its"
                                    + " batch's run: what ADAPTIVE batching sends by. Frames past"
                                    + " it are counted (framesOverBudget) under either policy.");

    public static final ConfigOption<Integer> MAX_PARALLELISM =
            ConfigOptions.key("pipeline.max-parallelism")
                    .intType()
                    .defaultValue(128)
                    .withDescription(
                            "Flink's option, with Vigil's default: the most subtasks the keyed"
                                    + " stages (inference, alerts) can ever be rescaled to from a"
                                    + " savepoint. Fixed for the life of the job's state: choose it"
                                    + " once, above any parallelism you may need.");

    public static final ConfigOption<Duration> BUFFER_TIMEOUT =
            ConfigOptions.key("execution.buffer-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMillis(10))
                    .withDescription(
                            "Flink's option, with Vigil's default: how long a partly filled"
                                    + " network buffer waits before it is sent to the next task."
                                    + " A detection crosses two exchanges on its way to an alert;"
                                    + " Flink's default of 100 ms can add that to each at the"
                                    + " rates one camera sends. 0 sends every record at once (most"
                                    + " CPU); larger values trade latency for throughput.");

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

    public static final ConfigOption<Boolean> REQUIRE_SIGNATURES =
            ConfigOptions.key("vigil.guest.require-signatures")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Refuse a guest given as a .wasm path unless a key in"
                                    + " vigil.guest.trust-store signed it (<module>.wasm.sig, made"
                                    + " by 'vigil modules sign'). Bundled guests are trusted as the"
                                    + " job jar is.");

    public static final ConfigOption<String> TRUST_STORE =
            ConfigOptions.key("vigil.guest.trust-store")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory of the trusted signers' .pub files, on every TaskManager.");

    public static final ConfigOption<Integer> MAX_MEMORY_PAGES =
            ConfigOptions.key("vigil.guest.max-memory-pages")
                    .intType()
                    .defaultValue(WasmSettings.defaults().maxMemoryPages())
                    .withDescription("Linear memory limit per guest instance, in 64 KiB pages.");

    public static final ConfigOption<Duration> TAKE_TIMEOUT =
            ConfigOptions.key("vigil.guest.take-timeout")
                    .durationType()
                    .defaultValue(WasmSettings.defaults().takeTimeout())
                    .withDescription(
                            "Longest a batch waits for a free warm guest instance of its subtask;"
                                    + " past it the batch fails and the task restarts.");

    public static final ConfigOption<Long> MAX_FRAME_PIXELS =
            ConfigOptions.key("vigil.guest.max-frame-pixels")
                    .longType()
                    .defaultValue(WasmSettings.defaults().maxFramePixels())
                    .withDescription(
                            "Largest width x height a frame may declare or decode to (a guard"
                                    + " against image bombs); larger frames are dead-lettered.");

    public static final ConfigOption<Integer> MAX_DETECTIONS_PER_FRAME =
            ConfigOptions.key("vigil.guest.max-detections-per-frame")
                    .intType()
                    .defaultValue(WasmSettings.defaults().maxDetectionsPerFrame())
                    .withDescription(
                            "Most detections a guest may report for one frame; past it the"
                                    + " host refuses more (emit_detection answers TOO_LARGE).");

    public static final ConfigOption<WasmSettings.Execution> EXECUTION =
            ConfigOptions.key("vigil.guest.execution")
                    .enumType(WasmSettings.Execution.class)
                    .defaultValue(WasmSettings.defaults().execution())
                    .withDescription(
                            "COMPILED runs guests as JVM bytecode (Chicory's compiler);"
                                    + " INTERPRETED, Chicory's interpreter, is slower and for"
                                    + " debugging a guest.");

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("vigil.kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue(TopicSettings.DEFAULT_BOOTSTRAP_SERVERS)
                    .withDescription("Kafka bootstrap servers of the frames and output topics.");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("vigil.kafka.group-id")
                    .stringType()
                    .defaultValue("vigil-inference")
                    .withDescription(
                            "Consumer group of the frames source (offsets are committed on"
                                    + " checkpoints, for monitoring; the job restores its own).");

    public static final ConfigOption<String> TOPIC_PREFIX =
            ConfigOptions.key("vigil.kafka.topic-prefix")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Prefix of every topic name, as given to 'vigil topics apply"
                                    + " --prefix'.");

    public static final ConfigOption<String> OUTPUT_COMPRESSION =
            ConfigOptions.key("vigil.kafka.output-compression")
                    .stringType()
                    .defaultValue(TopicSettings.DEFAULT_OUTPUT_COMPRESSION)
                    .withDescription(
                            "compression.type of the job's producers (detections, alerts, dead"
                                    + " letters): the topics' own, as 'vigil topics apply"
                                    + " --output-compression' set it, so the broker stores the"
                                    + " batches as they come (gzip for kafkajs consumers).");

    public static final ConfigOption<String> REGISTRY_URL =
            ConfigOptions.key("vigil.schema-registry.url")
                    .stringType()
                    .defaultValue(SerdeSettings.LOCAL_REGISTRY_URL)
                    .withDescription(
                            "Confluent-API schema registry of the Avro records (Apicurio's is at"
                                    + " /apis/ccompat/v7); the default is the local stack's.");

    public static final ConfigOption<Boolean> BOUNDED =
            ConfigOptions.key("vigil.source.bounded")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Read the frames present at start and finish (tests, backfills)"
                                    + " instead of running forever.");

    public static final ConfigOption<String> TRANSACTION_PREFIX =
            ConfigOptions.key("vigil.kafka.transactional-id-prefix")
                    .stringType()
                    .defaultValue("vigil")
                    .withDescription(
                            "Prefix of the Kafka transactional ids of the exactly-once sinks;"
                                    + " unique per job on one cluster.");

    public static final ConfigOption<Boolean> ALERTS_EXACTLY_ONCE =
            ConfigOptions.key("vigil.alerts.exactly-once")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Write alerts in Kafka transactions (visible to read_committed readers"
                                    + " at each checkpoint) instead of at once, at least once, with"
                                    + " deterministic ids for dedup.");

    public static final ConfigOption<String> ALERT_RULE =
            ConfigOptions.key("vigil.alert.rule")
                    .stringType()
                    .defaultValue("object-persists")
                    .withDescription("Name of the alert rule, written into each alert.");

    public static final ConfigOption<List<String>> ALERT_LABELS =
            ConfigOptions.key("vigil.alert.labels")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription("Labels that can raise an alert; empty means every label.");

    public static final ConfigOption<Double> ALERT_MIN_SCORE =
            ConfigOptions.key("vigil.alert.min-score")
                    .doubleType()
                    .defaultValue(0.5)
                    .withDescription("Boxes scoring less never count towards an alert.");

    public static final ConfigOption<Integer> ALERT_MIN_FRAMES =
            ConfigOptions.key("vigil.alert.min-frames")
                    .intType()
                    .defaultValue(3)
                    .withDescription("Consecutive frames a track must last before it alerts.");

    public static final ConfigOption<Double> ALERT_MIN_IOU =
            ConfigOptions.key("vigil.alert.min-iou")
                    .doubleType()
                    .defaultValue(0.3)
                    .withDescription(
                            "Boxes of consecutive frames overlapping this much are one track.");

    public static final ConfigOption<Duration> ALERT_COOLDOWN =
            ConfigOptions.key("vigil.alert.cooldown")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription("Capture time between two alerts of the same track.");

    public static final ConfigOption<Duration> ALERT_IDLE_TTL =
            ConfigOptions.key("vigil.alert.idle-ttl")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "Tracks of a source that sent nothing for this long are dropped.");

    public static final ConfigOption<List<String>> WATCHLIST =
            ConfigOptions.key("vigil.watchlist")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "Texts (plates, signs) that raise an alert when read, separated"
                                    + " by ';' or ',', e.g. 'AB123CD,KX-4721': compared in upper"
                                    + " case, letters and digits only, once per track. Empty"
                                    + " switches the rule off.");

    public static final ConfigOption<Integer> WATCHLIST_MAX_EDITS =
            ConfigOptions.key("vigil.watchlist.max-edits")
                    .intType()
                    .defaultValue(0)
                    .withDescription(
                            "0: a text must equal an entry (after normalising); 1: one"
                                    + " character inserted, deleted or misread is forgiven.");

    public static final ConfigOption<String> WATCHLIST_RULE =
            ConfigOptions.key("vigil.watchlist.rule")
                    .stringType()
                    .defaultValue("watchlist")
                    .withDescription("Name of the watchlist rule, written into its alerts.");

    public static final ConfigOption<Boolean> SENSORS =
            ConfigOptions.key("vigil.sensors.enabled")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Read sensor readings (topic sensor-readings) instead of frames:"
                                    + " each source's samples are windowed in keyed state and"
                                    + " every window is one FLOAT32_TENSOR frame for the guest,"
                                    + " e.g. bundled:anomaly-score with pca-anomaly. Run a camera"
                                    + " job and a sensor job side by side, each with its own"
                                    + " group id and transactional id prefix.");

    public static final ConfigOption<Integer> SENSOR_WINDOW_SIZE =
            ConfigOptions.key("vigil.sensors.window-size")
                    .intType()
                    .defaultValue(256)
                    .withDescription(
                            "Samples per channel in a window; the model's input length"
                                    + " (pca-anomaly: 256).");

    public static final ConfigOption<Integer> SENSOR_WINDOW_SLIDE =
            ConfigOptions.key("vigil.sensors.window-slide")
                    .intType()
                    .defaultValue(64)
                    .withDescription(
                            "Samples between the ends of consecutive windows of a source, 1 to"
                                    + " the window size; a reading block larger than this moves"
                                    + " the window by the block.");

    /** The sensor windows the options describe. */
    public static Windowing windowing(ReadableConfig options) {
        return new Windowing(options.get(SENSOR_WINDOW_SIZE), options.get(SENSOR_WINDOW_SLIDE));
    }

    /** The watchlist rule the options describe. */
    public static Watchlist watchlist(ReadableConfig options) {
        // Flink separates list items by ';'; a comma is what people type between plates.
        List<String> entries =
                options.get(WATCHLIST).stream()
                        .flatMap(item -> Arrays.stream(item.split(",")))
                        .map(String::trim)
                        .filter(entry -> !entry.isEmpty())
                        .toList();
        return new Watchlist(
                options.get(WATCHLIST_RULE), entries, options.get(WATCHLIST_MAX_EDITS));
    }

    /** The alert rule the options describe. */
    public static AlertRule alertRule(ReadableConfig options) {
        return new AlertRule(
                options.get(ALERT_RULE),
                Set.copyOf(options.get(ALERT_LABELS)),
                options.get(ALERT_MIN_SCORE).floatValue(),
                options.get(ALERT_MIN_FRAMES),
                options.get(ALERT_MIN_IOU).floatValue(),
                options.get(ALERT_COOLDOWN));
    }

    /**
     * The model backend the options describe: repository, providers in order, and a warm-up at
     * batch sizes 1 and {@link #MAX_BATCH}, the shapes the inference stage sends.
     */
    public static NnSettings models(ReadableConfig options) {
        return models(options, Path.of(options.get(MODEL_REPOSITORY)));
    }

    /** As {@link #models(ReadableConfig)}, with the models in the local {@code repository}. */
    public static NnSettings models(ReadableConfig options, Path repository) {
        return NnSettings.builder()
                .repository(repository)
                .allowSpinning(options.get(ORT_ALLOW_SPINNING))
                .intraOpThreads(options.get(ORT_INTRA_OP_THREADS))
                .providers(options.get(PROVIDERS).stream().map(ExecutionProvider::valueOf).toList())
                .warmupBatchSizes(List.of(1, options.get(MAX_BATCH)))
                .build();
    }

    /** This process's model cache directory (see {@link #MODEL_CACHE_DIR}). */
    public static Path modelCacheDir(ReadableConfig options) {
        return options.getOptional(MODEL_CACHE_DIR)
                .map(Path::of)
                .orElseGet(
                        () -> Path.of(System.getProperty("java.io.tmpdir"), "vigil-model-cache"));
    }

    /** The batching the options describe. */
    public static Batching batching(ReadableConfig options) {
        return new Batching(
                options.get(MAX_BATCH),
                options.get(MAX_DELAY),
                options.get(MAX_IN_FLIGHT),
                options.get(BATCH_POLICY),
                options.get(LATENCY_BUDGET));
    }
}

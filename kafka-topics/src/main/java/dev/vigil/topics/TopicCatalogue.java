package dev.vigil.topics;

import static org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_COMPACT;
import static org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_CONFIG;
import static org.apache.kafka.common.config.TopicConfig.CLEANUP_POLICY_DELETE;
import static org.apache.kafka.common.config.TopicConfig.COMPRESSION_TYPE_CONFIG;
import static org.apache.kafka.common.config.TopicConfig.MAX_MESSAGE_BYTES_CONFIG;
import static org.apache.kafka.common.config.TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG;
import static org.apache.kafka.common.config.TopicConfig.RETENTION_MS_CONFIG;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Vigil's topics as code: names, partitions, replication and the configs each one needs, with the
 * reason for every choice next to it.
 *
 * <p>To add a topic, add a {@code Definition} to {@code DEFINITIONS}; the provisioner creates it on
 * the next apply. Partitions and replication come from {@link TopicSettings}, so the same catalogue
 * serves the one-broker local stack and a production cluster.
 */
public final class TopicCatalogue {
    /** Frames from the cameras, keyed by source id. */
    public static final String FRAMES = "frames";

    /** One record per frame with what the models found, keyed by source id. */
    public static final String DETECTIONS = "detections";

    /** Alerts for operators, keyed by their deterministic alert id. */
    public static final String ALERTS = "alerts";

    /** Input the job could not process, with the reason. */
    public static final String FRAMES_DLQ = "frames.dlq";

    /** Readings from the sensors (SensorReading), keyed by source id. */
    public static final String SENSOR_READINGS = "sensor-readings";

    /**
     * Each source's configuration (rules, zones, pipeline), keyed by source id, plus the fleet
     * defaults under the key {@code *}; the job holds the latest of each in broadcast state.
     */
    public static final String SOURCES = "sources";

    private static final int MIB = 1024 * 1024;

    /** Stands for {@link TopicSettings#outputCompression()} in the definitions. */
    private static final String OUTPUT_COMPRESSION = "${output-compression}";

    /**
     * Largest frame record the frames topic takes: JPEG at 1080p is < 1 MB, raw 1080p RGB ~6.2 MB,
     * with its Avro envelope. Producers must raise {@code max.request.size} to match.
     */
    public static final int MAX_FRAME_BYTES = 8 * MIB;

    /**
     * The producer settings every writer of the frames topic needs (merge them into its own):
     * records up to {@link #MAX_FRAME_BYTES}, idempotent with {@code acks=all}, and one request in
     * flight. The last because on a partition that has just been created a batch refused with
     * NOT_LEADER_OR_FOLLOWER could be overtaken by the next, and the idempotent producer then
     * retried it with OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout and dropped it.
     */
    public static Map<String, Object> frameProducerSettings() {
        return Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                MAX_FRAME_BYTES,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1);
    }

    private static final List<Definition> DEFINITIONS =
            List.of(
                    new Definition(
                            FRAMES,
                            Map.of(
                                    // Frames are events, never state to keep per key.
                                    CLEANUP_POLICY_CONFIG,
                                    CLEANUP_POLICY_DELETE,
                                    // Large and consumed within seconds; a day still allows
                                    // replaying after an outage or through a new model version.
                                    RETENTION_MS_CONFIG,
                                    millis(Duration.ofDays(1)),
                                    MAX_MESSAGE_BYTES_CONFIG,
                                    String.valueOf(MAX_FRAME_BYTES),
                                    // JPEG is compressed already; the broker keeps whatever the
                                    // producer chose (raw frames may use lz4) and never
                                    // recompresses MB-sized batches.
                                    COMPRESSION_TYPE_CONFIG,
                                    "producer")),
                    new Definition(
                            DETECTIONS,
                            Map.of(
                                    CLEANUP_POLICY_CONFIG,
                                    CLEANUP_POLICY_DELETE,
                                    // Small records; a week covers downstream consumers that
                                    // were down over a weekend.
                                    RETENTION_MS_CONFIG,
                                    millis(Duration.ofDays(7)),
                                    // Detections are small; the cap turns a frame put into a
                                    // detection by mistake into a producer error.
                                    MAX_MESSAGE_BYTES_CONFIG,
                                    String.valueOf(MIB),
                                    // Many small, similar records compress well: the
                                    // settings' output compression (zstd unless told), which the
                                    // job's producers use too, so the broker stores their batches
                                    // as they come.
                                    COMPRESSION_TYPE_CONFIG,
                                    OUTPUT_COMPRESSION)),
                    new Definition(
                            ALERTS,
                            Map.of(
                                    // Keyed by the deterministic alert id: compaction folds the
                                    // duplicates of at-least-once delivery into one record per
                                    // alert, and delete still ends each alert's life. A record
                                    // without a key is refused by the broker.
                                    CLEANUP_POLICY_CONFIG,
                                    CLEANUP_POLICY_COMPACT + "," + CLEANUP_POLICY_DELETE,
                                    // Few records, read by people: a month covers incident
                                    // reviews.
                                    RETENTION_MS_CONFIG,
                                    millis(Duration.ofDays(30)),
                                    // An alert refers to its frame; at most a thumbnail rides
                                    // along.
                                    MAX_MESSAGE_BYTES_CONFIG,
                                    String.valueOf(MIB),
                                    COMPRESSION_TYPE_CONFIG,
                                    OUTPUT_COMPRESSION)),
                    new Definition(
                            FRAMES_DLQ,
                            Map.of(
                                    CLEANUP_POLICY_CONFIG,
                                    CLEANUP_POLICY_DELETE,
                                    // Longer than frames: a person needs time to look at bad
                                    // input and replay it after the originals are gone.
                                    RETENTION_MS_CONFIG,
                                    millis(Duration.ofDays(14)),
                                    // The original frame record (up to 8 MiB) plus the reason
                                    // and its metadata.
                                    MAX_MESSAGE_BYTES_CONFIG,
                                    String.valueOf(9 * MIB),
                                    // Rare writes, long retention: spend CPU to save disk; raw
                                    // frames compress well. Read by the same clients as the
                                    // other outputs: their compression.
                                    COMPRESSION_TYPE_CONFIG,
                                    OUTPUT_COMPRESSION)),
                    new Definition(
                            SENSOR_READINGS,
                            Map.of(
                                    // Events, as frames are.
                                    CLEANUP_POLICY_CONFIG,
                                    CLEANUP_POLICY_DELETE,
                                    // Small records, but the job's windows restart from the
                                    // offsets of a checkpoint or savepoint: a day of replay, as
                                    // for frames.
                                    RETENTION_MS_CONFIG,
                                    millis(Duration.ofDays(1)),
                                    // A reading block of a few thousand floats is KiB; the cap
                                    // turns a frame written here by mistake into an error.
                                    MAX_MESSAGE_BYTES_CONFIG,
                                    String.valueOf(MIB),
                                    // Floats of one source compress poorly but the Avro
                                    // envelope does; producers choose, as for frames.
                                    COMPRESSION_TYPE_CONFIG,
                                    "producer")),
                    new Definition(
                            SOURCES,
                            Map.of(
                                    // State, not events: the latest record per source is the
                                    // configuration, kept for as long as the source exists (a
                                    // tombstone ends it), so a new job reads the whole fleet's.
                                    CLEANUP_POLICY_CONFIG,
                                    CLEANUP_POLICY_COMPACT,
                                    // Said outright: no age removes a configuration.
                                    RETENTION_MS_CONFIG,
                                    "-1",
                                    // A camera's rules and zones are a few KiB; the cap turns a
                                    // misdirected frame into a producer error.
                                    MAX_MESSAGE_BYTES_CONFIG,
                                    String.valueOf(MIB),
                                    COMPRESSION_TYPE_CONFIG,
                                    OUTPUT_COMPRESSION)));

    private final String prefix;
    private final List<TopicSpec> topics;

    private TopicCatalogue(String prefix, List<TopicSpec> topics) {
        this.prefix = prefix;
        this.topics = List.copyOf(topics);
    }

    /**
     * Vigil's topics with the prefix, partitions, replication and overrides of {@code settings}.
     *
     * @throws IllegalArgumentException if an override names a topic the catalogue does not have
     */
    public static TopicCatalogue vigil(TopicSettings settings) {
        requireKnown(settings.partitionOverrides().keySet(), "partitions");
        requireKnown(settings.configOverrides().keySet(), "config");
        return new TopicCatalogue(
                settings.prefix(),
                DEFINITIONS.stream().map(definition -> definition.spec(settings)).toList());
    }

    /** Every topic, in catalogue order. */
    public List<TopicSpec> topics() {
        return topics;
    }

    /**
     * One topic by its catalogue name, e.g. {@code topic(FRAMES).name()} is the full name a
     * producer writes to.
     */
    public TopicSpec topic(String catalogueName) {
        String name = prefix + catalogueName;
        return topics.stream()
                .filter(topic -> topic.name().equals(name))
                .findFirst()
                .orElseThrow(() -> unknown(catalogueName, "topic"));
    }

    private static void requireKnown(Set<String> names, String option) {
        Set<String> known = catalogueNames();
        names.stream()
                .filter(name -> !known.contains(name))
                .findFirst()
                .ifPresent(
                        name -> {
                            throw unknown(name, option + " override");
                        });
    }

    private static IllegalArgumentException unknown(String name, String what) {
        return new IllegalArgumentException(
                "No topic '"
                        + name
                        + "' in the catalogue for this "
                        + what
                        + "; its topics are "
                        + catalogueNames()
                        + " (names without the prefix)");
    }

    private static Set<String> catalogueNames() {
        return DEFINITIONS.stream()
                .map(Definition::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String millis(Duration duration) {
        return String.valueOf(duration.toMillis());
    }

    /** Survive one broker down, yet never acknowledge a write that only one replica holds. */
    private static String minInsyncReplicas(int replicationFactor) {
        return replicationFactor >= 3 ? "2" : "1";
    }

    /** A topic before the settings give it a prefix, partitions, replication and overrides. */
    private record Definition(String name, Map<String, String> configs) {

        TopicSpec spec(TopicSettings settings) {
            int replicationFactor = settings.replicationFactor();
            Map<String, String> configs = new HashMap<>(this.configs);
            configs.replaceAll(
                    (key, value) ->
                            value.equals(OUTPUT_COMPRESSION)
                                    ? settings.outputCompression()
                                    : value);
            configs.put(MIN_IN_SYNC_REPLICAS_CONFIG, minInsyncReplicas(replicationFactor));
            configs.putAll(settings.configOverrides().getOrDefault(name, Map.of()));
            // One partition count for all by default: frames and detections are both keyed by
            // source id, so a source lands on the same partition number in each, and a DLQ flood
            // arrives at the rate of the frames.
            return new TopicSpec(
                    settings.prefix() + name,
                    settings.partitionOverrides().getOrDefault(name, settings.defaultPartitions()),
                    replicationFactor,
                    configs);
        }
    }
}

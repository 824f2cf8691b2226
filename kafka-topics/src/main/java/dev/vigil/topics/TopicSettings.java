package dev.vigil.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Everything the topic catalogue and the provisioner can be told, with defaults that work against
 * the single-broker local stack. Immutable; build it with {@link #builder()}.
 *
 * <p>Each option is documented on its {@link Builder} method, together with its default.
 */
public final class TopicSettings {
    /** Kafka's conventional local address. */
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

    /**
     * Enough parallelism for a Flink job of a few task slots; partitions can grow later but never
     * shrink, so start small.
     */
    public static final int DEFAULT_PARTITIONS = 6;

    /** One copy: the local stack has one broker. Production clusters set 3. */
    public static final int DEFAULT_REPLICATION_FACTOR = 1;

    /**
     * The output topics' {@code compression.type}: zstd compresses the small, similar records best,
     * and Java and librdkafka-based clients read it; kafkajs reads only gzip without extra codecs.
     */
    public static final String DEFAULT_OUTPUT_COMPRESSION = "zstd";

    /** Kafka's topic-level {@code compression.type} values ({@code uncompressed}: none). */
    public static final Set<String> COMPRESSION_TYPES =
            Set.of("uncompressed", "gzip", "snappy", "lz4", "zstd", "producer");

    /** Long enough for a loaded broker to answer one request, short enough to fail fast. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** The whole budget of one admin call with its retries: an unreachable cluster fails here. */
    public static final Duration DEFAULT_API_TIMEOUT = Duration.ofSeconds(15);

    // Kafka's legal topic characters; the prefix is part of every topic name.
    private static final Pattern LEGAL_PREFIX = Pattern.compile("[a-zA-Z0-9._-]*");
    private static final int MAX_PREFIX_LENGTH = 200;

    private final String bootstrapServers;
    private final String prefix;
    private final int defaultPartitions;
    private final int replicationFactor;
    private final Map<String, Integer> partitionOverrides;
    private final Map<String, Map<String, String>> configOverrides;
    private final String outputCompression;
    private final Duration requestTimeout;
    private final Duration apiTimeout;
    private final Map<String, String> clientProperties;

    private TopicSettings(Builder builder) {
        this.bootstrapServers = builder.bootstrapServers;
        this.prefix = builder.prefix;
        this.defaultPartitions = builder.defaultPartitions;
        this.replicationFactor = builder.replicationFactor;
        this.partitionOverrides = Map.copyOf(builder.partitionOverrides);
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        builder.configOverrides.forEach(
                (topic, entries) -> configs.put(topic, Map.copyOf(entries)));
        this.configOverrides = Map.copyOf(configs);
        this.outputCompression = builder.outputCompression;
        this.requestTimeout = builder.requestTimeout;
        this.apiTimeout = builder.apiTimeout;
        this.clientProperties = Map.copyOf(builder.clientProperties);
    }

    /** Settings with every default: the local stack on {@value #DEFAULT_BOOTSTRAP_SERVERS}. */
    public static TopicSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String prefix() {
        return prefix;
    }

    public int defaultPartitions() {
        return defaultPartitions;
    }

    public int replicationFactor() {
        return replicationFactor;
    }

    /** Partition counts by catalogue topic name (without prefix). */
    public Map<String, Integer> partitionOverrides() {
        return partitionOverrides;
    }

    /** Extra or replaced topic configs by catalogue topic name (without prefix). */
    public Map<String, Map<String, String>> configOverrides() {
        return configOverrides;
    }

    /** The {@code compression.type} of detections, alerts and frames.dlq. */
    public String outputCompression() {
        return outputCompression;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration apiTimeout() {
        return apiTimeout;
    }

    public Map<String, String> clientProperties() {
        return clientProperties;
    }

    @Override
    public String toString() {
        return "TopicSettings[bootstrapServers="
                + bootstrapServers
                + ", prefix="
                + prefix
                + ", defaultPartitions="
                + defaultPartitions
                + ", replicationFactor="
                + replicationFactor
                + ", partitionOverrides="
                + partitionOverrides
                + ", configOverrides="
                + configOverrides
                + ", requestTimeout="
                + requestTimeout
                + ", apiTimeout="
                + apiTimeout
                + ", clientProperties="
                // Values may hold SASL secrets: show only which keys are set.
                + clientProperties.keySet()
                + "]";
    }

    /** Collects options; {@link #build()} checks them and fails naming the bad one. */
    public static final class Builder {
        private String bootstrapServers = DEFAULT_BOOTSTRAP_SERVERS;
        private String prefix = "";
        private int defaultPartitions = DEFAULT_PARTITIONS;
        private int replicationFactor = DEFAULT_REPLICATION_FACTOR;
        private final Map<String, Integer> partitionOverrides = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> configOverrides = new LinkedHashMap<>();
        private String outputCompression = DEFAULT_OUTPUT_COMPRESSION;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration apiTimeout = DEFAULT_API_TIMEOUT;
        private final Map<String, String> clientProperties = new LinkedHashMap<>();

        private Builder() {}

        /**
         * The cluster's {@code bootstrap.servers}, comma-separated {@code host:port} pairs. Default
         * {@value #DEFAULT_BOOTSTRAP_SERVERS}.
         */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            return this;
        }

        /**
         * Put before every topic name, e.g. {@code tenant-a.} gives {@code tenant-a.frames}, so
         * several deployments (or tests) share one cluster. Default: none.
         */
        public Builder prefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * Partitions of every catalogue topic without an override. Default {@value
         * #DEFAULT_PARTITIONS}.
         */
        public Builder defaultPartitions(int defaultPartitions) {
            this.defaultPartitions = defaultPartitions;
            return this;
        }

        /**
         * Copies of each partition, for every topic; at most the number of brokers. Default {@value
         * #DEFAULT_REPLICATION_FACTOR}.
         */
        public Builder replicationFactor(int replicationFactor) {
            this.replicationFactor = replicationFactor;
            return this;
        }

        /** Partitions of one catalogue topic (name without prefix), instead of the default. */
        public Builder partitions(String topic, int partitions) {
            partitionOverrides.put(Objects.requireNonNull(topic, "topic"), partitions);
            return this;
        }

        /**
         * A topic config of one catalogue topic (name without prefix) that replaces or adds to the
         * catalogue's, e.g. {@code config("frames", "retention.ms", "3600000")}.
         */
        public Builder config(String topic, String key, String value) {
            configOverrides
                    .computeIfAbsent(
                            Objects.requireNonNull(topic, "topic"), t -> new LinkedHashMap<>())
                    .put(
                            Objects.requireNonNull(key, "key"),
                            Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The {@code compression.type} of the output topics (detections, alerts, frames.dlq): one
         * of {@link #COMPRESSION_TYPES}. Default {@value #DEFAULT_OUTPUT_COMPRESSION}; {@code gzip}
         * for kafkajs consumers without codecs (README, "Clients outside Java"). A {@link
         * #config(String, String, String)} of one topic's {@code compression.type} wins over it.
         */
        public Builder outputCompression(String outputCompression) {
            this.outputCompression = Objects.requireNonNull(outputCompression, "outputCompression");
            return this;
        }

        /**
         * How long the admin client waits for one broker response ({@code request.timeout.ms}).
         * Default 10 s.
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * How long one admin operation may take with its retries ({@code default.api.timeout.ms});
         * an unreachable cluster is reported after this. Default 15 s.
         */
        public Builder apiTimeout(Duration apiTimeout) {
            this.apiTimeout = Objects.requireNonNull(apiTimeout, "apiTimeout");
            return this;
        }

        /**
         * Any other admin client property, e.g. {@code security.protocol} and {@code sasl.*} for a
         * secured cluster. The options above take precedence over the same key here.
         */
        public Builder clientProperty(String key, String value) {
            clientProperties.put(
                    Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public TopicSettings build() {
            require(
                    COMPRESSION_TYPES.contains(outputCompression),
                    "outputCompression '"
                            + outputCompression
                            + "' is not a Kafka compression.type; use one of "
                            + new TreeSet<>(COMPRESSION_TYPES));
            require(
                    !bootstrapServers.isBlank(),
                    "bootstrapServers must name at least one host:port");
            require(
                    LEGAL_PREFIX.matcher(prefix).matches() && prefix.length() <= MAX_PREFIX_LENGTH,
                    "prefix '"
                            + prefix
                            + "' may hold only letters, digits, '.', '_' and '-', at most "
                            + MAX_PREFIX_LENGTH
                            + " of them");
            require(defaultPartitions >= 1, "defaultPartitions must be at least 1");
            require(
                    replicationFactor >= 1 && replicationFactor <= Short.MAX_VALUE,
                    "replicationFactor must be between 1 and the number of brokers");
            partitionOverrides.forEach(
                    (topic, partitions) ->
                            require(
                                    partitions >= 1,
                                    "partitions of " + topic + " must be at least 1"));
            require(
                    isPositive(requestTimeout),
                    "requestTimeout must be positive and below 24 days");
            require(
                    isPositive(apiTimeout) && apiTimeout.compareTo(requestTimeout) >= 0,
                    "apiTimeout must be at least requestTimeout (" + requestTimeout + ")");
            return new TopicSettings(this);
        }

        /** Positive and within Kafka's int milliseconds. */
        private static boolean isPositive(Duration duration) {
            return !duration.isNegative()
                    && !duration.isZero()
                    && duration.toMillis() <= Integer.MAX_VALUE;
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException("Invalid topic settings: " + message);
            }
        }
    }
}

package dev.vigil.schemas.serde;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the wire-format serdes. Immutable and serializable, so a Flink job can ship it to its
 * tasks. The configuration keys are Confluent's own, so existing client configs carry over.
 */
public final class SerdeSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Comma-separated registry base URLs, e.g. {@code http://registry:8081}. Required. */
    public static final String REGISTRY_URL = "schema.registry.url";

    /**
     * The local stack's registry ({@code vigil stack up}, {@code vigil demo}): Apicurio's Confluent
     * API on port 8085 (Flink's web UI has 8081). The default of every Vigil client and the job.
     */
    public static final String LOCAL_REGISTRY_URL = "http://127.0.0.1:8085/apis/ccompat/v7";

    /** Register the writer's schema under its subject when it is not there yet. Default true. */
    public static final String AUTO_REGISTER = "auto.register.schemas";

    /**
     * Write with the id of the subject's latest schema instead of the writer's own (for producers
     * that must not register). Default false; ignored when auto-registering.
     */
    public static final String USE_LATEST_VERSION = "use.latest.version";

    /** How many schemas the client caches per subject. Default 1000. */
    public static final String CACHE_CAPACITY = "max.schemas.per.subject";

    /** Everything with this prefix, and the Confluent client's auth/SSL keys, go to the client. */
    public static final String CLIENT_PREFIX = "schema.registry.";

    private final List<String> registryUrls;
    private final boolean autoRegister;
    private final boolean useLatestVersion;
    private final int cacheCapacity;
    private final HashMap<String, String> clientConfig;

    private SerdeSettings(Builder builder) {
        if (builder.registryUrls.isEmpty()) {
            throw new IllegalArgumentException(
                    REGISTRY_URL + " is required, e.g. http://127.0.0.1:8081");
        }
        if (builder.cacheCapacity < 1) {
            throw new IllegalArgumentException(CACHE_CAPACITY + " must be at least 1");
        }
        this.registryUrls = List.copyOf(builder.registryUrls);
        this.autoRegister = builder.autoRegister;
        this.useLatestVersion = builder.useLatestVersion;
        this.cacheCapacity = builder.cacheCapacity;
        this.clientConfig = new HashMap<>(builder.clientConfig);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads the keys above from a Kafka-style config map; unknown keys are ignored. */
    public static SerdeSettings fromConfig(Map<String, ?> config) {
        Builder builder = builder();
        Object urls = config.get(REGISTRY_URL);
        if (urls != null) {
            builder.registryUrls(Arrays.asList(urls.toString().split("\\s*,\\s*")));
        }
        if (config.containsKey(AUTO_REGISTER)) {
            builder.autoRegister(Boolean.parseBoolean(config.get(AUTO_REGISTER).toString()));
        }
        if (config.containsKey(USE_LATEST_VERSION)) {
            builder.useLatestVersion(
                    Boolean.parseBoolean(config.get(USE_LATEST_VERSION).toString()));
        }
        if (config.containsKey(CACHE_CAPACITY)) {
            builder.cacheCapacity(Integer.parseInt(config.get(CACHE_CAPACITY).toString()));
        }
        config.forEach(
                (key, value) -> {
                    if (isClientKey(key) && value != null) {
                        builder.clientConfig(key, value.toString());
                    }
                });
        return builder.build();
    }

    private static boolean isClientKey(String key) {
        return (key.startsWith(CLIENT_PREFIX) && !key.equals(REGISTRY_URL))
                || key.startsWith("basic.auth.")
                || key.startsWith("bearer.auth.");
    }

    public List<String> registryUrls() {
        return registryUrls;
    }

    public boolean autoRegister() {
        return autoRegister;
    }

    public boolean useLatestVersion() {
        return useLatestVersion;
    }

    public int cacheCapacity() {
        return cacheCapacity;
    }

    /** Extra configuration for Confluent's client: authentication, SSL, timeouts. */
    public Map<String, String> clientConfig() {
        return Map.copyOf(clientConfig);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SerdeSettings that
                && registryUrls.equals(that.registryUrls)
                && autoRegister == that.autoRegister
                && useLatestVersion == that.useLatestVersion
                && cacheCapacity == that.cacheCapacity
                && clientConfig.equals(that.clientConfig);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                registryUrls, autoRegister, useLatestVersion, cacheCapacity, clientConfig);
    }

    @Override
    public String toString() {
        // Client config may hold credentials: show its keys only.
        return "SerdeSettings{registryUrls="
                + registryUrls
                + ", autoRegister="
                + autoRegister
                + ", useLatestVersion="
                + useLatestVersion
                + ", cacheCapacity="
                + cacheCapacity
                + ", clientConfigKeys="
                + clientConfig.keySet()
                + '}';
    }

    /** Builds {@link SerdeSettings}; see the key constants for what each option means. */
    public static final class Builder {
        private List<String> registryUrls = List.of();
        private boolean autoRegister = true;
        private boolean useLatestVersion = false;
        private int cacheCapacity = 1000;
        private final Map<String, String> clientConfig = new HashMap<>();

        private Builder() {}

        /** See {@link #REGISTRY_URL}. */
        public Builder registryUrl(String url) {
            return registryUrls(List.of(url));
        }

        /** See {@link #REGISTRY_URL}. */
        public Builder registryUrls(List<String> urls) {
            this.registryUrls = List.copyOf(urls);
            return this;
        }

        /** See {@link #AUTO_REGISTER}. */
        public Builder autoRegister(boolean autoRegister) {
            this.autoRegister = autoRegister;
            return this;
        }

        /** See {@link #USE_LATEST_VERSION}. */
        public Builder useLatestVersion(boolean useLatestVersion) {
            this.useLatestVersion = useLatestVersion;
            return this;
        }

        /** See {@link #CACHE_CAPACITY}. */
        public Builder cacheCapacity(int cacheCapacity) {
            this.cacheCapacity = cacheCapacity;
            return this;
        }

        /** See {@link #CLIENT_PREFIX}. */
        public Builder clientConfig(String key, String value) {
            this.clientConfig.put(key, value);
            return this;
        }

        public SerdeSettings build() {
            return new SerdeSettings(this);
        }
    }
}

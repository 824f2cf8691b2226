package dev.vigil.wasm;

import dev.vigil.nn.ModelRef;
import dev.vigil.wasm.signing.TrustStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the Wasm operator. Immutable; {@link #builder()} starts from defaults that work out
 * of the box: compiled guests, two warm instances per guest and slot, 128 MiB of linear memory and
 * five seconds per call at most. Each accessor says what its option does.
 */
public final class WasmSettings {
    /** How guest code runs. */
    public enum Execution {
        /**
         * Chicory's runtime compiler to JVM bytecode; functions it cannot compile are interpreted
         * (logged).
         */
        COMPILED,
        /** Chicory's interpreter only: slower, for debugging a guest. */
        INTERPRETED
    }

    private static final WasmSettings DEFAULTS = new Builder().build();

    private final int poolSize;
    private final int maxMemoryPages;
    private final Duration callDeadline;
    private final Duration takeTimeout;
    private final Execution execution;
    private final Map<String, ModelRef> allowedModels;
    private final int deviceIndex;
    private final long maxFramePixels;
    private final int maxDetectionsPerFrame;
    private final boolean requireSignatures;
    private final Path trustStore;

    private WasmSettings(Builder b) {
        require(b.poolSize >= 1, "poolSize must be at least 1");
        require(
                b.maxMemoryPages >= 1 && b.maxMemoryPages <= 65536,
                "maxMemoryPages must be 1..65536 (64 KiB pages)");
        require(positive(b.callDeadline), "callDeadline must be positive");
        require(positive(b.takeTimeout), "takeTimeout must be positive");
        require(b.maxFramePixels > 0, "maxFramePixels must be positive");
        require(b.maxDetectionsPerFrame > 0, "maxDetectionsPerFrame must be positive");
        require(b.deviceIndex >= 0, "deviceIndex must be 0 or more");
        require(
                !b.requireSignatures || b.trustStore != null,
                "requireSignatures needs a trustStore: the directory of the signers' .pub files");
        this.poolSize = b.poolSize;
        this.maxMemoryPages = b.maxMemoryPages;
        this.callDeadline = b.callDeadline;
        this.takeTimeout = b.takeTimeout;
        this.execution = b.execution;
        this.allowedModels = Map.copyOf(b.allowedModels);
        this.deviceIndex = b.deviceIndex;
        this.maxFramePixels = b.maxFramePixels;
        this.maxDetectionsPerFrame = b.maxDetectionsPerFrame;
        this.requireSignatures = b.requireSignatures;
        this.trustStore = b.trustStore;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static WasmSettings defaults() {
        return DEFAULTS;
    }

    /** Warm instances of each guest per slot (default 2). */
    public int poolSize() {
        return poolSize;
    }

    /**
     * Linear memory limit per instance, in 64 KiB pages (default 2048, 128 MiB); a guest that needs
     * more fails with {@link GuestMemoryException}.
     */
    public int maxMemoryPages() {
        return maxMemoryPages;
    }

    /**
     * Longest one guest call (a batch, model run included) may take before it is interrupted and
     * fails with {@link GuestDeadlineException} (default 5 s).
     */
    public Duration callDeadline() {
        return callDeadline;
    }

    /** Longest a caller waits for a free instance before giving up (default 30 s). */
    public Duration takeTimeout() {
        return takeTimeout;
    }

    /** Compiled to JVM bytecode (the default) or interpreted, for debugging a guest. */
    public Execution execution() {
        return execution;
    }

    /** The only models guests may load, by the name a guest uses ({@code load_by_name}). */
    public Map<String, ModelRef> allowedModels() {
        return allowedModels;
    }

    /** The accelerator the slot's models run on (ignored on CPU). */
    public int deviceIndex() {
        return deviceIndex;
    }

    /**
     * Largest width × height a frame may declare or decode to (a guard against image bombs; default
     * 40 M); larger frames fail alone.
     */
    public long maxFramePixels() {
        return maxFramePixels;
    }

    /** Most detections a guest may report for one frame (default 1000). */
    public int maxDetectionsPerFrame() {
        return maxDetectionsPerFrame;
    }

    /**
     * Whether a user-supplied guest must carry a detached Ed25519 signature ({@code
     * <module>.wasm.sig}) made by a key in {@link #trustStore()}. Bundled guests ship inside this
     * jar and are trusted as its code is.
     */
    public boolean requireSignatures() {
        return requireSignatures;
    }

    /** The directory of trusted public keys ({@code *.pub}, see {@link TrustStore}), if set. */
    public Optional<Path> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    @Override
    public String toString() {
        return "WasmSettings{poolSize="
                + poolSize
                + ", maxMemoryPages="
                + maxMemoryPages
                + ", callDeadline="
                + callDeadline
                + ", execution="
                + execution
                + ", allowedModels="
                + allowedModels
                + ", deviceIndex="
                + deviceIndex
                + ", requireSignatures="
                + requireSignatures
                + ", trustStore="
                + trustStore
                + "}";
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Builds {@link WasmSettings}; every option starts at its default. */
    public static final class Builder {
        private int poolSize = 2;
        private int maxMemoryPages = 2048;
        private Duration callDeadline = Duration.ofSeconds(5);
        private Duration takeTimeout = Duration.ofSeconds(30);
        private Execution execution = Execution.COMPILED;
        private final Map<String, ModelRef> allowedModels = new LinkedHashMap<>();
        private int deviceIndex;
        private long maxFramePixels = 40_000_000L;
        private int maxDetectionsPerFrame = 1000;
        private boolean requireSignatures;
        private Path trustStore;

        private Builder() {}

        public Builder requireSignatures(boolean requireSignatures) {
            this.requireSignatures = requireSignatures;
            return this;
        }

        public Builder trustStore(Path trustStore) {
            this.trustStore = trustStore;
            return this;
        }

        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        public Builder maxMemoryPages(int maxMemoryPages) {
            this.maxMemoryPages = maxMemoryPages;
            return this;
        }

        public Builder callDeadline(Duration callDeadline) {
            this.callDeadline = callDeadline;
            return this;
        }

        public Builder takeTimeout(Duration takeTimeout) {
            this.takeTimeout = takeTimeout;
            return this;
        }

        public Builder execution(Execution execution) {
            this.execution = execution;
            return this;
        }

        /** Lets guests load {@code model} under {@code name}. */
        public Builder allowModel(String name, ModelRef model) {
            this.allowedModels.put(name, model);
            return this;
        }

        public Builder deviceIndex(int deviceIndex) {
            this.deviceIndex = deviceIndex;
            return this;
        }

        public Builder maxFramePixels(long maxFramePixels) {
            this.maxFramePixels = maxFramePixels;
            return this;
        }

        public Builder maxDetectionsPerFrame(int maxDetectionsPerFrame) {
            this.maxDetectionsPerFrame = maxDetectionsPerFrame;
            return this;
        }

        public WasmSettings build() {
            return new WasmSettings(this);
        }
    }
}

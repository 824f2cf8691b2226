package dev.vigil.nn;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings of the model backend. Immutable; {@link #builder()} starts from defaults that work out
 * of the box on a laptop: models under {@code ~/.vigil/models}, CUDA then OpenVINO then CPU.
 */
public final class NnSettings {
    private final Path repository;
    private final List<ExecutionProvider> providers;
    private final int slotsPerProcess;
    private final int intraOpThreads;
    private final boolean allowSpinning;
    private final List<Integer> warmupBatchSizes;
    private final String openVinoDevice;

    private NnSettings(Builder builder) {
        if (builder.providers.isEmpty()) {
            throw new IllegalArgumentException("providers: name at least one, e.g. CPU");
        }
        if (builder.slotsPerProcess < 1) {
            throw new IllegalArgumentException("slotsPerProcess must be at least 1");
        }
        if (builder.intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be 0 (auto) or more");
        }
        if (builder.warmupBatchSizes.stream().anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("warmupBatchSizes must be at least 1 each");
        }
        this.repository = builder.repository;
        this.providers = List.copyOf(builder.providers);
        this.slotsPerProcess = builder.slotsPerProcess;
        this.intraOpThreads = builder.intraOpThreads;
        this.allowSpinning = builder.allowSpinning;
        this.warmupBatchSizes = List.copyOf(builder.warmupBatchSizes);
        this.openVinoDevice = builder.openVinoDevice;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The model repository's root directory. */
    public Path repository() {
        return repository;
    }

    /** Execution providers in the order they are tried. */
    public List<ExecutionProvider> providers() {
        return providers;
    }

    /** How many task slots share this process (a TaskManager's slots). */
    public int slotsPerProcess() {
        return slotsPerProcess;
    }

    /**
     * Threads one CPU session uses within an operator. Unless set, the slot's share of the cores,
     * so that the slots of one TaskManager do not fight over all of them.
     */
    public int intraOpThreads() {
        if (intraOpThreads > 0) {
            return intraOpThreads;
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / slotsPerProcess);
    }

    /**
     * Whether ONNX Runtime's pool threads spin, waiting for work, after a run's parallel sections
     * ({@code session.intra_op.allow_spinning}, {@code session.inter_op.allow_spinning}). Spinning
     * saves the wake-up of a sleeping thread; on a TaskManager whose cores the operator's own
     * thread (decoding, letterboxing) and the other slots share, it burns CPU that work needs.
     */
    public boolean allowSpinning() {
        return allowSpinning;
    }

    /** Batch sizes run once on zeros before a model is reported ready. */
    public List<Integer> warmupBatchSizes() {
        return warmupBatchSizes;
    }

    /** OpenVINO's device type: {@code GPU}, {@code CPU}, {@code NPU} or {@code AUTO}. */
    public String openVinoDevice() {
        return openVinoDevice;
    }

    @Override
    public String toString() {
        return "NnSettings{repository="
                + repository
                + ", providers="
                + providers
                + ", slotsPerProcess="
                + slotsPerProcess
                + ", intraOpThreads="
                + intraOpThreads()
                + ", allowSpinning="
                + allowSpinning
                + ", warmupBatchSizes="
                + warmupBatchSizes
                + ", openVinoDevice="
                + openVinoDevice
                + '}';
    }

    /** Builds {@link NnSettings}; each setter documents its option. */
    public static final class Builder {
        private Path repository = Path.of(System.getProperty("user.home"), ".vigil", "models");
        private List<ExecutionProvider> providers =
                List.of(ExecutionProvider.CUDA, ExecutionProvider.OPENVINO, ExecutionProvider.CPU);
        private int slotsPerProcess = 1;
        private int intraOpThreads = 0;
        private boolean allowSpinning = false;
        private List<Integer> warmupBatchSizes = List.of(1);
        private String openVinoDevice = "GPU";

        private Builder() {}

        /** See {@link NnSettings#repository()}. Default {@code ~/.vigil/models}. */
        public Builder repository(Path repository) {
            this.repository = repository;
            return this;
        }

        /** See {@link NnSettings#providers()}. Default CUDA, OPENVINO, CPU. */
        public Builder providers(List<ExecutionProvider> providers) {
            this.providers = List.copyOf(providers);
            return this;
        }

        /** See {@link NnSettings#slotsPerProcess()}. Default 1. */
        public Builder slotsPerProcess(int slotsPerProcess) {
            this.slotsPerProcess = slotsPerProcess;
            return this;
        }

        /** See {@link NnSettings#intraOpThreads()}. Default 0: cores / slots. */
        public Builder intraOpThreads(int intraOpThreads) {
            this.intraOpThreads = intraOpThreads;
            return this;
        }

        /**
         * See {@link NnSettings#allowSpinning()}. Default false: measured in perf/RESULTS.md (Host
         * cost per frame), where spinning cost CPU per run without more runs per second.
         */
        public Builder allowSpinning(boolean allowSpinning) {
            this.allowSpinning = allowSpinning;
            return this;
        }

        /** See {@link NnSettings#warmupBatchSizes()}. Default [1]; use the job's batch sizes. */
        public Builder warmupBatchSizes(List<Integer> warmupBatchSizes) {
            this.warmupBatchSizes = List.copyOf(warmupBatchSizes);
            return this;
        }

        /** See {@link NnSettings#openVinoDevice()}. Default GPU. */
        public Builder openVinoDevice(String openVinoDevice) {
            this.openVinoDevice = openVinoDevice;
            return this;
        }

        public NnSettings build() {
            return new NnSettings(this);
        }
    }
}

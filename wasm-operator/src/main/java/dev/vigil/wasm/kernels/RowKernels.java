package dev.vigil.wasm.kernels;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the letterbox's {@link RowKernel} once per JVM: {@link VectorRowKernel} when the module
 * {@code jdk.incubator.vector} is in the boot layer (JVM option {@code --add-modules
 * jdk.incubator.vector}), otherwise {@link ScalarRowKernel} and one warning that says what that
 * costs and how to change it.
 */
public final class RowKernels {
    private static final Logger LOG = LoggerFactory.getLogger(RowKernels.class);
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** The kernel of this JVM. */
    public static final RowKernel SELECTED = select(ModuleLayer.boot());

    private RowKernels() {}

    static RowKernel select(ModuleLayer layer) {
        if (layer.findModule(VECTOR_MODULE).isEmpty()) {
            LOG.warn(
                    "The JVM runs without the module {}, so the Wasm letterbox kernel runs scalar:"
                        + " about 0.6 ms more per 640x640 frame (perf/RESULTS.md). Start the JVM"
                        + " with --add-modules {} (on Flink: env.java.opts.taskmanager); its cost"
                        + " is one line on stderr at start-up saying that an incubator module is in"
                        + " use.",
                    VECTOR_MODULE,
                    VECTOR_MODULE);
            return ScalarRowKernel.INSTANCE;
        }
        // Only here, with the module present, may VectorRowKernel be loaded.
        RowKernel vector = new VectorRowKernel();
        LOG.info("Wasm letterbox kernel: {}", vector);
        return vector;
    }
}

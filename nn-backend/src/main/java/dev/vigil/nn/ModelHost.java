package dev.vigil.nn;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.vigil.lib.ProcessState;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of one process (a Flink TaskManager): each model file is loaded once per device and
 * shared by every slot that leases it, whatever name or version it is reached by (the cache key is
 * the file's SHA-256). A load tries the configured execution providers in order and warms the model
 * up before the first lease returns; the last lease to close closes the session.
 *
 * <p>Leasing a model that is not loaded yet holds the host's lock while it loads (seconds for a
 * large model): slots start up one after another, and no model is ever loaded twice.
 */
public final class ModelHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelHost.class);
    private static final Map<Path, ModelHost> PER_REPOSITORY = new ConcurrentHashMap<>();

    private final NnSettings settings;
    private final ModelRepository repository;
    private final OrtEnvironment environment =
            LargeStack.call("onnxruntime-environment", ProcessState::onnxRuntime);
    private final Map<LoadKey, LoadedModel> loaded = new HashMap<>();
    private boolean closed;

    private record LoadKey(String sha256, int deviceIndex) {}

    public ModelHost(NnSettings settings) {
        this.settings = settings;
        this.repository = new ModelRepository(settings.repository());
    }

    /**
     * The process-wide host of a repository, so that the slots of one TaskManager share loaded
     * models. The first caller's settings hold for the process.
     */
    public static ModelHost forProcess(NnSettings settings) {
        return PER_REPOSITORY.computeIfAbsent(
                settings.repository().toAbsolutePath(), path -> new ModelHost(settings));
    }

    public ModelRepository repository() {
        return repository;
    }

    /**
     * Leases {@code ref} on GPU {@code deviceIndex} (ignored by the CPU provider), loading and
     * warming it up first if no slot of this process holds it yet.
     *
     * @throws UnknownModelException if the repository has no such model or version
     * @throws ChecksumMismatchException if the file is not the one its descriptor names
     * @throws DescriptorMismatchException if the descriptor disagrees with the ONNX file
     * @throws ProviderUnavailableException if no configured provider can load it
     */
    public synchronized ModelLease lease(ModelRef ref, int deviceIndex) {
        if (closed) {
            throw new IllegalStateException("This ModelHost is closed");
        }
        StoredModel stored = repository.resolve(ref);
        ModelDescriptor descriptor = stored.descriptor();
        LoadKey key = new LoadKey(descriptor.sha256(), deviceIndex);
        LoadedModel model = loaded.get(key);
        if (model == null) {
            model = LargeStack.call("load " + ref, () -> load(stored, deviceIndex));
            loaded.put(key, model);
        } else {
            // The same file reached under another name: its descriptor must fit too.
            DescriptorCheck.verify(descriptor, model.session());
        }
        model.acquire();
        return new ModelLease(this, model, descriptor);
    }

    synchronized void release(LoadedModel model) {
        if (model.release() == 0) {
            loaded.values().remove(model);
            model.close();
            LOG.info("Closed the session of model {} (no lease left)", model.sha256());
        }
    }

    /** Closes every session, also those still leased (their next run fails). */
    @Override
    public synchronized void close() {
        closed = true;
        loaded.values().forEach(LoadedModel::close);
        loaded.clear();
        PER_REPOSITORY.values().remove(this);
    }

    private LoadedModel load(StoredModel stored, int deviceIndex) {
        ModelDescriptor descriptor = stored.descriptor();
        byte[] bytes = readVerified(stored);
        List<ProviderAttempt> attempts = new ArrayList<>();
        for (ExecutionProvider provider : settings.providers()) {
            if (!OrtEnvironment.getAvailableProviders().contains(provider.ortProvider())) {
                attempts.add(
                        new ProviderAttempt(
                                provider,
                                false,
                                "not in this ONNX Runtime build"
                                        + (provider == ExecutionProvider.CUDA
                                                ? " (build with -Pgpu for onnxruntime_gpu)"
                                                : "")));
                continue;
            }
            SessionOptions options = baseOptions();
            try {
                provider.addTo(options, deviceIndex, settings);
                OrtSession session = environment.createSession(bytes, options);
                attempts.add(new ProviderAttempt(provider, true, ""));
                LoadedModel model =
                        new LoadedModel(
                                environment,
                                session,
                                options,
                                descriptor.sha256(),
                                deviceIndex,
                                attempts);
                return checkedAndWarm(model, descriptor);
            } catch (OrtException e) {
                options.close();
                attempts.add(new ProviderAttempt(provider, false, e.getMessage()));
            }
        }
        throw new ProviderUnavailableException(
                "No execution provider could load "
                        + descriptor.ref()
                        + " on device "
                        + deviceIndex
                        + ": "
                        + attempts
                        + ". Add CPU to the providers, or install the runtime the first one"
                        + " needs.");
    }

    private LoadedModel checkedAndWarm(LoadedModel model, ModelDescriptor descriptor) {
        try {
            DescriptorCheck.verify(descriptor, model.session());
            warmUp(model, descriptor);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        LOG.info(
                "Loaded {} (sha256 {}) on {} device {}; tried {}",
                descriptor.ref(),
                descriptor.sha256(),
                model.provider(),
                model.deviceIndex(),
                model.attempts());
        if (model.provider() == ExecutionProvider.CPU
                && descriptor.inputs().stream().anyMatch(i -> i.type().equals(TensorSpec.UINT8))) {
            LOG.info(
                    "{} takes 8-bit pixels and normalises them in its graph, on the CPU provider:"
                            + " there its float form with the host's letterbox kernel measured"
                            + " faster (perf/RESULTS.md, pixel forms). Bind the float form on"
                            + " machines without an accelerator.",
                    descriptor.ref());
        }
        return model;
    }

    /** One run on zeros per configured batch size, so the first frames meet a warm model. */
    private void warmUp(LoadedModel model, ModelDescriptor descriptor) {
        TensorSpec input = descriptor.input(null);
        for (int batchSize : settings.warmupBatchSizes()) {
            long[] shape =
                    (input.warmupShape().isEmpty() ? input.shape() : input.warmupShape())
                            .stream().mapToLong(Long::longValue).toArray();
            shape[0] = batchSize;
            for (long dim : shape) {
                if (dim < 0) {
                    throw new DescriptorMismatchException(
                            descriptor.ref()
                                    + " input '"
                                    + input.name()
                                    + "' has dynamic dimensions "
                                    + input.shape()
                                    + ": give its warmupShape in model.json, e.g. [-1, 3, 640,"
                                    + " 640]");
                }
            }
            int elements = Shapes.elements(shape);
            Buffer zeros =
                    input.type().equals(TensorSpec.UINT8)
                            ? ByteBuffer.allocateDirect(elements)
                            : DirectBuffers.allocate(elements);
            model.run(descriptor.ref().toString(), input.name(), zeros, shape).close();
        }
    }

    private byte[] readVerified(StoredModel stored) {
        ModelDescriptor descriptor = stored.descriptor();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(stored.modelFile());
        } catch (IOException e) {
            throw new ModelFileException(
                    "Cannot read the model file of "
                            + descriptor.ref()
                            + " at "
                            + stored.modelFile()
                            + ": "
                            + e,
                    e);
        }
        String actual = Sha256.of(bytes);
        if (!actual.equals(descriptor.sha256())) {
            throw new ChecksumMismatchException(
                    "The model file of "
                            + descriptor.ref()
                            + " at "
                            + stored.modelFile()
                            + " has SHA-256 "
                            + actual
                            + ", its descriptor says "
                            + descriptor.sha256()
                            + ". The file changed after import or is damaged: import it again as a"
                            + " new version.");
        }
        return bytes;
    }

    private SessionOptions baseOptions() {
        SessionOptions options = new SessionOptions();
        try {
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(1);
            String spinning = settings.allowSpinning() ? "1" : "0";
            options.addConfigEntry("session.intra_op.allow_spinning", spinning);
            options.addConfigEntry("session.inter_op.allow_spinning", spinning);
            options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
            return options;
        } catch (OrtException e) {
            options.close();
            throw new ModelException("Could not set up ONNX Runtime session options", e);
        }
    }
}

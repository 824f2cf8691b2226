package dev.vigil.wasm;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelDescriptor;
import dev.vigil.nn.ModelHost;
import dev.vigil.wasm.internal.DeadlineTimer;
import dev.vigil.wasm.internal.GuestInstance;
import dev.vigil.wasm.internal.ModelBindings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slot's warm instances of one guest. {@link #process} takes an idle instance, runs a batch on
 * the caller's thread and gives the instance back; it never instantiates, so once warm the hot path
 * costs a queue operation. An instance that trapped, ran past its deadline or ran out of memory is
 * discarded and a fresh one is built on a background thread, while the others keep serving. The
 * pool holds a lease on each model the guest uses until it is closed.
 */
public final class GuestPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GuestPool.class);
    private static final int REPLACE_ATTEMPTS = 3;

    private final GuestModule module;
    private final WasmSettings settings;
    private final ModelBindings models;
    private final BlockingQueue<GuestInstance> idle;
    private final ExecutorService refill;
    private final DeadlineTimer deadlines;
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger discarded = new AtomicInteger();
    private volatile boolean closed;

    private GuestPool(GuestModule module, WasmSettings settings, ModelBindings models) {
        this.module = module;
        this.settings = settings;
        this.models = models;
        this.idle = new ArrayBlockingQueue<>(settings.poolSize());
        this.refill =
                Executors.newSingleThreadExecutor(
                        runnable -> {
                            Thread thread =
                                    new Thread(runnable, "vigil-wasm-refill-" + module.label());
                            thread.setDaemon(true);
                            return thread;
                        });
        this.deadlines = new DeadlineTimer("vigil-wasm-deadline-" + module.label());
    }

    /**
     * Leases the guest's models and builds {@link WasmSettings#poolSize()} warm instances before it
     * returns.
     *
     * @param modelHost where the guest's models come from; may be null for a guest that uses none
     */
    public static GuestPool start(GuestModule module, WasmSettings settings, ModelHost modelHost) {
        ModelBindings models = ModelBindings.lease(module, settings, modelHost);
        GuestPool pool = new GuestPool(module, settings, models);
        try {
            for (int i = 0; i < settings.poolSize(); i++) {
                pool.idle.add(pool.newInstance());
            }
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        LOG.info(
                "Started {} warm instance(s) of guest {} ({}, {})",
                settings.poolSize(),
                module.label(),
                module.compiled() ? "compiled" : "interpreted",
                module.sha256().substring(0, 12));
        return pool;
    }

    /**
     * Runs one batch on a warm instance: one result per frame, in order.
     *
     * @throws GuestException the guest failed the whole batch; its frames are in the exception
     * @throws IllegalStateException no instance became free within {@link
     *     WasmSettings#takeTimeout()}, or the pool is closed
     */
    public List<FrameResult> process(List<GuestFrame> frames) {
        return run(frames).results();
    }

    /**
     * Runs one batch like {@link #process} and says where the call's time went.
     *
     * @throws GuestException the guest failed the whole batch; its frames are in the exception
     */
    public GuestBatch run(List<GuestFrame> frames) {
        GuestInstance instance = take();
        try {
            return instance.process(frames);
        } finally {
            if (instance.broken()) {
                discarded.incrementAndGet();
                replaceInBackground();
            } else {
                idle.offer(instance);
            }
        }
    }

    private GuestInstance take() {
        if (closed) {
            throw new IllegalStateException("The pool of guest " + module.label() + " is closed");
        }
        try {
            GuestInstance instance =
                    idle.poll(settings.takeTimeout().toNanos(), TimeUnit.NANOSECONDS);
            if (instance == null) {
                throw new IllegalStateException(
                        "No instance of guest "
                                + module.label()
                                + " became free within "
                                + settings.takeTimeout()
                                + " ("
                                + settings.poolSize()
                                + " in the pool, "
                                + discarded.get()
                                + " discarded so far). Raise poolSize, or look for a guest that"
                                + " keeps failing.");
            }
            return instance;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for an instance", e);
        }
    }

    private void replaceInBackground() {
        if (closed) {
            return;
        }
        refill.execute(
                () -> {
                    for (int attempt = 1; attempt <= REPLACE_ATTEMPTS && !closed; attempt++) {
                        try {
                            idle.offer(newInstance());
                            return;
                        } catch (RuntimeException e) {
                            LOG.error(
                                    "Could not replace a discarded instance of guest {} (attempt"
                                            + " {} of {})",
                                    module.label(),
                                    attempt,
                                    REPLACE_ATTEMPTS,
                                    e);
                        }
                    }
                });
    }

    private GuestInstance newInstance() {
        GuestInstance instance =
                GuestInstance.create(module, module.code(), settings, models, deadlines);
        created.incrementAndGet();
        return instance;
    }

    public GuestModule module() {
        return module;
    }

    /** The execution providers of those models, in the same order. */
    public List<ExecutionProvider> providers() {
        return models.providers();
    }

    /** The models the guest reaches, as leased, in the order its metadata declares them. */
    public List<ModelDescriptor> models() {
        return models.descriptors();
    }

    /** A snapshot of the pool: how many instances are idle, built, discarded, and their memory. */
    public Stats stats() {
        List<GuestInstance> snapshot = new ArrayList<>(idle);
        return new Stats(
                snapshot.size(),
                created.get(),
                discarded.get(),
                snapshot.stream().mapToInt(GuestInstance::memoryPages).max().orElse(0),
                snapshot.stream().mapToLong(GuestInstance::reservedBytes).sum());
    }

    /**
     * @param idle instances ready now
     * @param created instances built since start, replacements included
     * @param discarded instances thrown away after a failure
     * @param maxMemoryPages the largest linear memory among idle instances, in 64 KiB pages
     * @param reservedBytes direct memory held by idle instances
     */
    public record Stats(
            int idle, int created, int discarded, int maxMemoryPages, long reservedBytes) {}

    /** Stops refilling and the deadline timer, drops the instances, releases the model leases. */
    @Override
    public void close() {
        closed = true;
        refill.shutdownNow();
        deadlines.close();
        idle.clear();
        models.close();
    }
}

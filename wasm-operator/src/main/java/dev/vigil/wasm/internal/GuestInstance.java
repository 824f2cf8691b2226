package dev.vigil.wasm.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.vigil.wasm.AbiStatus;
import dev.vigil.wasm.FrameId;
import dev.vigil.wasm.FrameRejection;
import dev.vigil.wasm.GuestBatch;
import dev.vigil.wasm.GuestCallException;
import dev.vigil.wasm.GuestDeadlineException;
import dev.vigil.wasm.GuestErrorException;
import dev.vigil.wasm.GuestException;
import dev.vigil.wasm.GuestFrame;
import dev.vigil.wasm.GuestHostFaultException;
import dev.vigil.wasm.GuestLoadException;
import dev.vigil.wasm.GuestMemoryException;
import dev.vigil.wasm.GuestMetadata;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.GuestTrapException;
import dev.vigil.wasm.WasmSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * One warm instance of a guest with its own memory and host state. Not thread-safe: a pool hands it
 * to one caller at a time. After a trap, a deadline or a memory failure it is {@link #broken()} and
 * must be discarded: its memory may be half-written.
 */
public final class GuestInstance {
    private static final int FRAME_ENTRY = 16;

    private final GuestModule module;
    private final WasmSettings settings;
    private final DeadlineTimer deadlines;
    private final GuestSession session;
    private final NnHostModule nn;
    private final ExportFunction alloc;
    private final ExportFunction process;
    private boolean broken;

    private GuestInstance(
            GuestModule module,
            CompiledGuests.Entry code,
            WasmSettings settings,
            ModelBindings models,
            DeadlineTimer deadlines) {
        this.module = module;
        this.settings = settings;
        this.deadlines = deadlines;
        this.session = new GuestSession(module.label(), settings, models);
        this.nn = new NnHostModule(session);
        List<HostFunction> functions = new ArrayList<>(nn.functions());
        functions.addAll(new KernelHostModule(session).functions());
        Instance instance;
        try {
            instance =
                    Instance.builder(code.module())
                            .withImportValues(
                                    ImportValues.builder()
                                            .addFunction(functions.toArray(HostFunction[]::new))
                                            .build())
                            .withMemoryLimits(module.memoryLimits())
                            .withMemoryFactory(
                                    limits -> {
                                        session.memory = new DirectMemory(limits);
                                        return session.memory;
                                    })
                            .withMachineFactory(code.machineFactory())
                            .build();
        } catch (ChicoryException e) {
            throw new GuestLoadException(
                    module.label(),
                    List.of(),
                    "Cannot instantiate guest " + module.label() + ": " + e.getMessage(),
                    e);
        }
        this.alloc = instance.export("vigil_alloc");
        this.process = instance.export("vigil_process");
    }

    /** An instance whose calls run under deadlines fired by {@code deadlines}. */
    public static GuestInstance create(
            GuestModule module,
            CompiledGuests.Entry code,
            WasmSettings settings,
            ModelBindings models,
            DeadlineTimer deadlines) {
        return new GuestInstance(module, code, settings, models, deadlines);
    }

    public boolean broken() {
        return broken;
    }

    /** Pages of linear memory now. */
    public int memoryPages() {
        return session.memory.pages();
    }

    /** Bytes of direct memory this instance holds. */
    public long reservedBytes() {
        return session.memory.reservedBytes();
    }

    /**
     * Runs one batch through the guest.
     *
     * @throws IllegalArgumentException more frames than the guest's {@code input.max_batch}
     * @throws GuestCallException when the guest fails; this instance is then broken unless the
     *     guest itself returned an error status
     * @throws GuestHostFaultException when a model failed under the call; this instance is broken
     */
    public GuestBatch process(List<GuestFrame> frames) {
        if (broken) {
            throw new IllegalStateException("instance of " + module.label() + " is broken");
        }
        GuestMetadata metadata = module.metadata();
        if (frames.size() > metadata.maxBatch()) {
            throw new IllegalArgumentException(
                    "Guest "
                            + metadata.label()
                            + " takes at most "
                            + metadata.maxBatch()
                            + " frames per call (input.max_batch), got "
                            + frames.size()
                            + ": lower the batch size.");
        }
        CallState call = new CallState(frames);
        for (int i = 0; i < frames.size(); i++) {
            if (!metadata.encodings().contains(frames.get(i).encoding())) {
                call.fail(
                        i,
                        new FrameRejection(
                                FrameRejection.Reason.ENCODING_NOT_ACCEPTED,
                                "guest "
                                        + metadata.label()
                                        + " does not accept "
                                        + frames.get(i).encoding()
                                        + " frames (it takes "
                                        + metadata.encodings()
                                        + ")"));
            }
        }
        session.begin(call);
        session.memory.clearGrowRefused();
        try (Deadline deadline = deadlines.start(settings.callDeadline())) {
            int status;
            try {
                status = run(call);
            } catch (RuntimeException | StackOverflowError e) {
                if (call.hostFault().isPresent()) {
                    broken = true; // the guest was stopped mid-call: its memory is half-written
                    throw call.hostFault().get();
                }
                if (e instanceof ChicoryInterruptedException) {
                    throw failure(call, e, deadline.fired());
                }
                if (e instanceof ChicoryException || e instanceof StackOverflowError) {
                    throw failure(call, e, false);
                }
                throw e;
            }
            if (status != AbiStatus.SUCCESS) {
                throw statusFailure(call, status);
            }
            return new GuestBatch(call.results(), call.timings());
        } finally {
            nn.endCall();
            session.end();
        }
    }

    private int run(CallState call) {
        int count = call.size();
        int table = (int) alloc.apply(FRAME_ENTRY * count, 8)[0];
        if (table == 0) {
            throw new GuestMemoryException(
                    module.label(),
                    call.ids(),
                    "Guest " + module.label() + " could not allocate its frame table",
                    null);
        }
        var entries = session.memory.bytes(table, FRAME_ENTRY * count);
        for (int i = 0; i < count; i++) {
            GuestFrame frame = call.frames().get(i);
            entries.putInt(i * FRAME_ENTRY, frame.width())
                    .putInt(i * FRAME_ENTRY + 4, frame.height())
                    .putInt(i * FRAME_ENTRY + 8, frame.encoding().abiCode())
                    .putInt(i * FRAME_ENTRY + 12, frame.payload().remaining());
        }
        // Into the guest: its source is wasm-operator/guests/<name>/guest.rs on the SDK in
        // guests/sdk (build.sh builds the committed binary from it); it calls back into
        // NnHostModule and KernelHostModule.
        return (int) process.apply(table, count)[0];
    }

    private GuestException failure(CallState call, Throwable cause, boolean deadlineFired) {
        broken = true;
        String frames = describe(call);
        if (cause instanceof ChicoryInterruptedException && !deadlineFired) {
            Thread.currentThread().interrupt(); // someone else's interrupt: keep it for them
            return new GuestTrapException(
                    module.label(),
                    call.ids(),
                    "Guest " + module.label() + " was interrupted (task cancelled?) on " + frames,
                    cause);
        }
        if (deadlineFired) {
            return new GuestDeadlineException(
                    module.label(),
                    call.ids(),
                    "Guest "
                            + module.label()
                            + " ran past its deadline of "
                            + settings.callDeadline().toMillis()
                            + " ms on "
                            + frames
                            + " and was stopped. Send these frames to the dead-letter topic; if"
                            + " the guest is merely slow, raise callDeadline or lower the batch"
                            + " size.",
                    cause);
        }
        if (session.memory.growRefused()) {
            return memoryFailure(call, frames, cause);
        }
        String what =
                cause instanceof StackOverflowError
                        ? "exhausted its call stack (runaway recursion)"
                        : "trapped: " + cause.getMessage();
        return new GuestTrapException(
                module.label(),
                call.ids(),
                "Guest "
                        + module.label()
                        + " "
                        + what
                        + ", on "
                        + frames
                        + ". The instance was discarded and is being replaced.",
                cause);
    }

    private GuestException statusFailure(CallState call, int status) {
        String frames = describe(call);
        if (session.memory.growRefused()) {
            broken = true;
            return memoryFailure(call, frames, null);
        }
        return new GuestErrorException(
                module.label(),
                call.ids(),
                status,
                "Guest "
                        + module.label()
                        + " gave up on "
                        + frames
                        + " with status "
                        + status
                        + " ("
                        + AbiStatus.name(status)
                        + ")"
                        + call.lastHostError()
                                .map(e -> "; the host last reported: " + e)
                                .orElse(""));
    }

    private GuestMemoryException memoryFailure(CallState call, String frames, Throwable cause) {
        int pages = module.memoryLimits().maximumPages();
        return new GuestMemoryException(
                module.label(),
                call.ids(),
                "Guest "
                        + module.label()
                        + " needed more than its memory limit of "
                        + pages
                        + " pages ("
                        + pages / 16
                        + " MiB) on "
                        + frames
                        + ". Lower the batch size or raise maxMemoryPages if the guest needs it;"
                        + " a guest whose memory grows call after call leaks.",
                cause);
    }

    private static String describe(CallState call) {
        List<FrameId> ids = call.ids();
        String all =
                ids.size() <= 8
                        ? ids.toString()
                        : ids.subList(0, 8) + " and " + (ids.size() - 8) + " more";
        return "frames "
                + all
                + call.lastFrame()
                        .map(id -> " (last frame a host kernel touched: " + id + ")")
                        .orElse("");
    }
}

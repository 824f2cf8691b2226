package dev.vigil.job;

import dev.vigil.job.inference.DeploymentException;
import dev.vigil.job.store.SharedGuest;
import dev.vigil.job.store.SharedModels;
import dev.vigil.nn.ChecksumMismatchException;
import dev.vigil.nn.DescriptorMismatchException;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.UnknownModelException;
import dev.vigil.wasm.GuestDeploymentException;
import dev.vigil.wasm.GuestMetadata;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.WasmSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The guest of the job's options: its settings, loading it, and whether it fits the options. Used
 * by the job's main() before submission and by each subtask's open(), so both refuse the same
 * deployments with the same messages.
 */
final class GuestDeployment {
    private static final String BUNDLED = "bundled:";

    private GuestDeployment() {}

    /** The guest settings the options describe, for a subtask bound to GPU {@code deviceIndex}. */
    static WasmSettings.Builder settings(ReadableConfig options, int deviceIndex) {
        WasmSettings.Builder wasm =
                WasmSettings.builder()
                        .poolSize(options.get(JobOptions.POOL_SIZE))
                        .callDeadline(options.get(JobOptions.CALL_DEADLINE))
                        .maxMemoryPages(options.get(JobOptions.MAX_MEMORY_PAGES))
                        .takeTimeout(options.get(JobOptions.TAKE_TIMEOUT))
                        .maxFramePixels(options.get(JobOptions.MAX_FRAME_PIXELS))
                        .maxDetectionsPerFrame(options.get(JobOptions.MAX_DETECTIONS_PER_FRAME))
                        .execution(options.get(JobOptions.EXECUTION))
                        .deviceIndex(deviceIndex)
                        .requireSignatures(options.get(JobOptions.REQUIRE_SIGNATURES));
        options.getOptional(JobOptions.TRUST_STORE).map(Path::of).ifPresent(wasm::trustStore);
        options.get(JobOptions.MODELS)
                .forEach((name, model) -> wasm.allowModel(name, ModelRef.parse(model)));
        return wasm;
    }

    /**
     * Loads and checks the guest: ABI, metadata, imports, signature when required.
     *
     * @throws dev.vigil.wasm.GuestDeploymentException when it cannot run here
     */
    static GuestModule load(ReadableConfig options, WasmSettings settings) {
        String guest = options.get(JobOptions.GUEST);
        if (guest.startsWith(BUNDLED)) {
            return GuestModule.bundled(guest.substring(BUNDLED.length()), settings);
        }
        Optional<URI> shared = SharedModels.storeUri(guest);
        return shared.isPresent()
                ? SharedGuest.load(shared.get(), settings)
                : GuestModule.load(Path.of(guest), settings);
    }

    /** The guest's file, or empty for a bundled guest. */
    static Optional<Path> file(ReadableConfig options) {
        String guest = options.get(JobOptions.GUEST);
        return guest.startsWith(BUNDLED) ? Optional.empty() : Optional.of(Path.of(guest));
    }

    /**
     * Checks what the job needs of a loaded guest beyond the guest ABI.
     *
     * @throws DeploymentException it declares no model (its detections need labels: those of its
     *     {@code detector}, or of its only or first model), or takes fewer frames per call than
     *     {@link JobOptions#MAX_BATCH}
     */
    static void checkFits(GuestMetadata guest, ReadableConfig options) {
        if (guest.models().isEmpty()) {
            throw new DeploymentException(
                    "Guest "
                            + guest.label()
                            + " declares no model, so its detections would have no labels: this"
                            + " job runs guests that declare their models in their metadata: a"
                            + " detector (e.g. bundled:text-detect) or a reader that declares"
                            + " 'detector' and 'recogniser' (bundled:text-read; the boxes' labels"
                            + " come from the detector).");
        }
        int maxBatch = options.get(JobOptions.MAX_BATCH);
        if (maxBatch > guest.maxBatch()) {
            throw new DeploymentException(
                    JobOptions.MAX_BATCH.key()
                            + "="
                            + maxBatch
                            + " is more than guest "
                            + guest.label()
                            + " takes in one call (its input.max_batch is "
                            + guest.maxBatch()
                            + "): set "
                            + JobOptions.MAX_BATCH.key()
                            + " to at most "
                            + guest.maxBatch()
                            + ".");
        }
    }

    /**
     * {@code failure} as a {@link DeploymentException} when it is one that every attempt would
     * repeat (the guest, the options, the models in the repository), else empty: other failures,
     * such as a device not available now, deserve a restart.
     */
    static Optional<DeploymentException> asDeploymentFault(RuntimeException failure) {
        if (failure instanceof DeploymentException deployment) {
            return Optional.of(deployment);
        }
        if (failure instanceof GuestDeploymentException
                || failure instanceof UnknownModelException
                || failure instanceof DescriptorMismatchException
                || failure instanceof ChecksumMismatchException) {
            return Optional.of(new DeploymentException(failure.getMessage(), failure));
        }
        return Optional.empty();
    }
}

package dev.vigil.job;

import dev.vigil.job.inference.DeploymentException;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.StoredModel;
import dev.vigil.wasm.GuestMetadata;
import dev.vigil.wasm.GuestModule;
import dev.vigil.wasm.WasmSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.ReadableConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link VigilJob#main} checks before submitting the job, so that a configuration error is one
 * message at submission instead of a failing job: the guest loads (ABI, metadata, imports,
 * signature when required), declares a model, takes batches of {@link JobOptions#MAX_BATCH}, and
 * the models it reaches exist in the repository. main() may run where the TaskManagers' files are
 * not (a cluster's JobManager): a guest file or model repository not visible here is left to the
 * TaskManagers, which fail the job once with the same message, and the log says so. Also left to
 * them: loading each model into ONNX Runtime, which checks its checksum and descriptor.
 */
final class DeploymentCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentCheck.class);

    private DeploymentCheck() {}

    /**
     * @return what was left to the TaskManagers, for the log
     * @throws DeploymentException what will not run, with what to change
     */
    static List<String> verify(ReadableConfig options) {
        List<String> deferred = new ArrayList<>();
        WasmSettings settings =
                GuestDeployment.settings(options, 0)
                        // Checking needs no compiled code: the TaskManagers compile their own.
                        .execution(WasmSettings.Execution.INTERPRETED)
                        .build();
        Optional<Path> file = GuestDeployment.file(options);
        if (file.isPresent() && !Files.isRegularFile(file.get())) {
            deferred.add("the guest " + file.get() + " (not visible here)");
            deferred.add("its models");
            return deferred;
        }
        GuestModule guest;
        try {
            guest = GuestDeployment.load(options, settings);
        } catch (RuntimeException e) {
            throw GuestDeployment.asDeploymentFault(e).<RuntimeException>map(d -> d).orElse(e);
        }
        GuestDeployment.checkFits(guest.metadata(), options);
        Path root = Path.of(options.get(JobOptions.MODEL_REPOSITORY));
        if (!Files.isDirectory(root)) {
            deferred.add("the models, in " + root + " (not visible here)");
            return deferred;
        }
        ModelRepository repository = new ModelRepository(root);
        checkModels(guest.metadata(), settings, repository);
        if (options.get(JobOptions.SENSORS)) {
            checkWindowLength(guest.metadata(), settings, repository, options);
        }
        deferred.add("loading the models into ONNX Runtime (checksum, descriptor, provider)");
        return deferred;
    }

    private static void checkModels(
            GuestMetadata guest, WasmSettings settings, ModelRepository repository) {
        for (String name : guest.models()) {
            ModelRef ref = settings.allowedModels().get(name);
            StoredModel stored;
            try {
                stored = repository.resolve(ref);
            } catch (RuntimeException e) {
                throw GuestDeployment.asDeploymentFault(e).<RuntimeException>map(d -> d).orElse(e);
            }
            if (!Files.isRegularFile(stored.modelFile())) {
                throw new DeploymentException(
                        "Model "
                                + ref
                                + " of guest "
                                + guest.label()
                                + " has a descriptor but no model file at "
                                + stored.modelFile()
                                + ": import it again (vigil models import).");
            }
        }
    }

    /**
     * A sensor job's windows must be as long as its models' input (the last axis, when fixed):
     * otherwise every window would fail in the model, so the submission is refused instead.
     */
    private static void checkWindowLength(
            GuestMetadata guest,
            WasmSettings settings,
            ModelRepository repository,
            ReadableConfig options) {
        int size = options.get(JobOptions.SENSOR_WINDOW_SIZE);
        for (String name : guest.models()) {
            ModelRef ref = settings.allowedModels().get(name);
            List<Long> shape = repository.resolve(ref).descriptor().inputs().get(0).shape();
            long length = shape.get(shape.size() - 1);
            if (length > 0 && length != size) {
                throw new DeploymentException(
                        "Model "
                                + ref
                                + " takes windows of "
                                + length
                                + " samples, but "
                                + JobOptions.SENSOR_WINDOW_SIZE.key()
                                + "="
                                + size
                                + ": set it to "
                                + length
                                + " or bind a model of "
                                + size
                                + "-sample windows.");
            }
        }
    }

    /** Runs the checks and logs what is left to the TaskManagers. */
    static void run(ReadableConfig options) {
        List<String> deferred = verify(options);
        LOG.info(
                "Deployment checked: guest {}; left to the TaskManagers: {}",
                options.get(JobOptions.GUEST),
                deferred);
    }
}

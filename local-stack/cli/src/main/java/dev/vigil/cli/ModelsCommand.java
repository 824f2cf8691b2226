package dev.vigil.cli;

import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelDescriptor;
import dev.vigil.nn.ModelException;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelLease;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.nn.StoredModel;
import dev.vigil.nn.packaged.PaddleOcrModels;
import dev.vigil.nn.synthetic.DeterministicDetector;
import dev.vigil.nn.synthetic.PcaAnomalyDetector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil models import|list|verify|push}: the model repository the job and its guests load
 * from.
 */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        subcommands = {
            ModelsCommand.Import.class,
            ModelsCommand.ListModels.class,
            ModelsCommand.Verify.class,
            ModelsPush.class
        },
        description =
                "Fill the model repository from packages (import), show it (list), check it"
                        + " (verify) or copy it into a shared store (push).")
final class ModelsCommand {
    /** The option both subcommands take. */
    static final class RepositoryOption {
        @Option(
                names = "--repository",
                description = "Model repository directory (default: ${DEFAULT-VALUE}).")
        Path repository = NnSettings.builder().build().repository();

        ModelRepository open() {
            return new ModelRepository(repository);
        }
    }

    @Command(
            name = "import",
            description =
                    "Import the PaddleOCR models packaged in "
                            + PaddleOcrModels.ARTIFACT
                            + " and the generated deterministic test detector and sensor anomaly"
                            + " model (pca-anomaly), and the pixel form (-u8: takes 8-bit pixels,"
                            + " normalises in its graph) of each detector. Importing again changes"
                            + " nothing.")
    static final class Import implements Callable<Integer> {
        @Mixin RepositoryOption models;

        @Override
        public Integer call() {
            ModelRepository repository = models.open();
            // A version already there is only checked (same bytes, or importModel refuses).
            List<ModelRef> present =
                    repository.list().stream().map(model -> model.descriptor().ref()).toList();
            List<StoredModel> stored = importAll(repository);
            stored.forEach(
                    model ->
                            System.out.println(
                                    (present.contains(model.descriptor().ref())
                                                    ? "unchanged "
                                                    : "imported  ")
                                            + line(model)));
            System.out.println(stored.size() + " models in " + repository.root().toAbsolutePath());
            return 0;
        }
    }

    /**
     * Imports the packaged PaddleOCR models and the deterministic detector into {@code repository},
     * and the detectors' pixel forms.
     */
    static List<StoredModel> importAll(ModelRepository repository) {
        List<StoredModel> stored = new ArrayList<>(PaddleOcrModels.importAll(repository));
        stored.add(DeterministicDetector.build().importInto(repository, "1"));
        stored.addAll(PaddleOcrModels.importDetectorPixelForms(repository));
        stored.add(DeterministicDetector.build().pixelForm("1").importInto(repository));
        stored.add(PcaAnomalyDetector.fit().model().importInto(repository, "1"));
        return stored;
    }

    @Command(name = "list", description = "List every model version in the repository.")
    static final class ListModels implements Callable<Integer> {
        @Mixin RepositoryOption models;

        @Override
        public Integer call() {
            List<StoredModel> stored = models.open().list();
            if (stored.isEmpty()) {
                System.out.println(
                        "No models in " + models.repository + ": run 'vigil models import'.");
            }
            stored.forEach(model -> System.out.println(line(model)));
            return 0;
        }
    }

    @Command(
            name = "verify",
            description =
                    "Check model versions (all, or those named): the file's SHA-256 against its"
                            + " descriptor, and that ONNX Runtime (CPU) loads it, its inputs and"
                            + " outputs match the descriptor, and it runs once. Exit code 1 if any"
                            + " fails.")
    static final class Verify implements Callable<Integer> {
        @Mixin RepositoryOption models;

        @Parameters(paramLabel = "NAME@VERSION", description = "The versions to check.")
        List<String> refs = new ArrayList<>();

        @Override
        public Integer call() {
            List<ModelRef> targets =
                    refs.isEmpty()
                            ? models.open().list().stream().map(m -> m.descriptor().ref()).toList()
                            : refs.stream().map(ModelRef::parse).toList();
            NnSettings settings =
                    NnSettings.builder()
                            .repository(models.repository)
                            .providers(List.of(ExecutionProvider.CPU))
                            .warmupBatchSizes(List.of(1))
                            .build();
            int failed = 0;
            try (ModelHost host = new ModelHost(settings)) {
                for (ModelRef ref : targets) {
                    try (ModelLease lease = host.lease(ref, 0)) {
                        System.out.println("ok      " + ref);
                    } catch (ModelException e) {
                        System.out.println("FAILED  " + ref + ": " + e.getMessage());
                        failed++;
                    }
                }
            }
            System.out.println(
                    (targets.size() - failed)
                            + " of "
                            + targets.size()
                            + " model versions verified");
            return failed == 0 ? 0 : 1;
        }
    }

    /** {@code name@version size sha256-prefix first sentence of the description}. */
    private static String line(StoredModel model) {
        ModelDescriptor descriptor = model.descriptor();
        String description = descriptor.description();
        int sentenceEnd = description.indexOf(". ");
        return String.format(
                "%-28s %7.1f MB  %s  %s",
                descriptor.ref(),
                size(model.modelFile()) / 1e6,
                descriptor.sha256().substring(0, 12),
                sentenceEnd < 0 ? description : description.substring(0, sentenceEnd + 1));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}

package dev.vigil.cli;

import dev.vigil.nn.ModelDescriptor;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.StoredModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil models push --to URI}: copies model versions from the local repository into a shared
 * store that every TaskManager reads (the job's {@code vigil.model-repository}), through Flink's
 * file systems: {@code file://} always, {@code s3://} and others with Flink's plugins in {@code
 * $FLINK_PLUGINS_DIR}. Each version's descriptor goes last, so a reader never sees a half-pushed
 * version; a version already there with other content is refused (versions never change).
 */
@Command(
        name = "push",
        description =
                "Copy model versions (all, or those named) into a shared store at a URI the"
                        + " TaskManagers read (file:///shared/models; s3://... with Flink's plugins"
                        + " in $FLINK_PLUGINS_DIR). Pushing again changes nothing.")
final class ModelsPush implements Callable<Integer> {
    @Mixin ModelsCommand.RepositoryOption models;

    @Option(names = "--to", required = true, description = "The store's URI.")
    URI to;

    @Parameters(paramLabel = "NAME@VERSION", description = "The versions to push.")
    List<String> refs = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Configuration config = new Configuration();
        FileSystem.initialize(config, PluginUtils.createPluginManagerFromRootFolder(config));
        ModelRepository repository = models.open();
        List<StoredModel> chosen =
                refs.isEmpty()
                        ? repository.list()
                        : refs.stream()
                                .map(ref -> repository.resolve(ModelRef.parse(ref)))
                                .toList();
        for (StoredModel model : chosen) {
            System.out.println(push(model) + " " + model.descriptor().ref() + " -> " + to);
        }
        System.out.println(chosen.size() + " models in " + to);
        return 0;
    }

    private String push(StoredModel model) throws IOException {
        ModelRef ref = model.descriptor().ref();
        Path dir = new Path(new Path(to), ref.name() + "/" + ref.version().orElseThrow());
        FileSystem fs = dir.getFileSystem();
        byte[] descriptor =
                Files.readAllBytes(model.modelFile().resolveSibling(ModelDescriptor.FILE_NAME));
        Path descriptorPath = new Path(dir, ModelDescriptor.FILE_NAME);
        if (fs.exists(descriptorPath)) {
            if (Arrays.equals(read(fs, descriptorPath), descriptor)) {
                return "unchanged";
            }
            throw new CliException(
                    ref
                            + " already exists in "
                            + to
                            + " with another descriptor. Versions never change: import and push"
                            + " it as a new version.");
        }
        fs.mkdirs(dir);
        write(fs, new Path(dir, ModelRepository.MODEL_FILE), Files.readAllBytes(model.modelFile()));
        write(fs, descriptorPath, descriptor);
        return "pushed   ";
    }

    private static byte[] read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return in.readAllBytes();
        }
    }

    private static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(file, FileSystem.WriteMode.OVERWRITE)) {
            out.write(bytes);
        }
    }
}

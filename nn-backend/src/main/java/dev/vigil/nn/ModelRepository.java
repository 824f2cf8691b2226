package dev.vigil.nn;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Models on disk, laid out like Triton's repository: {@code <root>/<name>/<version>/model.onnx}
 * with its {@code model.json} descriptor. A version, once imported, never changes: a new model file
 * is a new version.
 */
public final class ModelRepository {
    public static final String MODEL_FILE = "model.onnx";

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .registerModule(new Jdk8Module())
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Versions in natural order: "2" before "10", "1.2" before "1.10". */
    static final Comparator<String> VERSION_ORDER = ModelRepository::compareVersions;

    private final Path root;

    public ModelRepository(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    /** The version {@code ref} names, or its latest when it names none. */
    public StoredModel resolve(ModelRef ref) {
        Path modelDir = root.resolve(ref.name());
        if (!Files.isDirectory(modelDir)) {
            throw new UnknownModelException(
                    "No model '"
                            + ref.name()
                            + "' in the repository "
                            + root
                            + "; it holds "
                            + names()
                            + ". Import it first (vigil models import).");
        }
        List<String> versions = versions(ref.name());
        String version =
                ref.version()
                        .orElseGet(
                                () -> versions.isEmpty() ? "" : versions.get(versions.size() - 1));
        if (!versions.contains(version)) {
            throw new UnknownModelException(
                    "Model '"
                            + ref.name()
                            + "' has no version '"
                            + version
                            + "' in "
                            + root
                            + "; its versions are "
                            + versions);
        }
        Path versionDir = modelDir.resolve(version);
        return new StoredModel(readDescriptor(versionDir), versionDir.resolve(MODEL_FILE));
    }

    /** Every stored version of every model, by name then version. */
    public List<StoredModel> list() {
        List<StoredModel> all = new ArrayList<>();
        for (String name : names()) {
            for (String version : versions(name)) {
                all.add(resolve(ModelRef.of(name, version)));
            }
        }
        return all;
    }

    /**
     * Stores {@code onnx} as the descriptor's {@code name@version}, with the checksum filled in.
     * Importing the same bytes again changes nothing; other bytes under an existing version are
     * refused.
     */
    public StoredModel importModel(ModelDescriptor descriptor, byte[] onnx) {
        ModelDescriptor stored = descriptor.withSha256(Sha256.of(onnx));
        Path versionDir = root.resolve(descriptor.name()).resolve(descriptor.version());
        if (Files.exists(versionDir.resolve(ModelDescriptor.FILE_NAME))) {
            ModelDescriptor existing = readDescriptor(versionDir);
            if (!existing.sha256().equals(stored.sha256())) {
                throw new ModelFileException(
                        descriptor.ref()
                                + " already exists with other content (sha256 "
                                + existing.sha256()
                                + "). Versions never change: import it as a new version.");
            }
            return new StoredModel(existing, versionDir.resolve(MODEL_FILE));
        }
        try {
            Files.createDirectories(versionDir);
            writeAtomically(versionDir.resolve(MODEL_FILE), onnx);
            // The descriptor last: a version without one is not there yet.
            writeAtomically(
                    versionDir.resolve(ModelDescriptor.FILE_NAME), JSON.writeValueAsBytes(stored));
        } catch (IOException e) {
            throw new ModelFileException(
                    "Could not write " + descriptor.ref() + " to " + versionDir, e);
        }
        return new StoredModel(stored, versionDir.resolve(MODEL_FILE));
    }

    private ModelDescriptor readDescriptor(Path versionDir) {
        Path file = versionDir.resolve(ModelDescriptor.FILE_NAME);
        try {
            return JSON.readValue(file.toFile(), ModelDescriptor.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFileException(
                    "The descriptor " + file + " is missing or invalid: " + e.getMessage(), e);
        }
    }

    private List<String> names() {
        return children(root);
    }

    private List<String> versions(String name) {
        return children(root.resolve(name)).stream()
                .filter(
                        v ->
                                Files.exists(
                                        root.resolve(name)
                                                .resolve(v)
                                                .resolve(ModelDescriptor.FILE_NAME)))
                .sorted(VERSION_ORDER)
                .toList();
    }

    private static List<String> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ModelFileException("Could not list the model repository at " + dir, e);
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), ".import-", ".tmp");
        Files.write(temp, bytes);
        Files.move(
                temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static int compareVersions(String a, String b) {
        String[] left = a.split("[.-]");
        String[] right = b.split("[.-]");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int order =
                    left[i].matches("\\d+") && right[i].matches("\\d+")
                            ? Long.compare(Long.parseLong(left[i]), Long.parseLong(right[i]))
                            : left[i].compareTo(right[i]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length);
    }
}

package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@code vigil job submit} ran — the jar and its options — kept per job id under the state
 * directory, so that {@code vigil job upgrade} can run the same options again with new models and
 * {@code vigil job resume} can run the same jar and options again from a retained checkpoint.
 * Flink's REST API returns neither a jar run's program arguments nor, once its JobManager is lost,
 * anything about the job at all.
 */
final class Submissions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    Submissions(Path stateDir) {
        this.dir = stateDir.resolve("jobs");
    }

    void record(String jobId, Path jar, List<String> args) {
        Path file = file(jobId);
        ObjectNode record = JSON.createObjectNode();
        record.put("jar", jar.toAbsolutePath().toString());
        record.putArray("args").addAll(args.stream().map(JSON.getNodeFactory()::textNode).toList());
        try {
            Files.createDirectories(dir);
            JSON.writeValue(file.toFile(), record);
        } catch (IOException e) {
            throw new CliException(
                    "Could not record the submission in " + file + ": " + e.getMessage());
        }
    }

    /** Whether this machine recorded how the job was submitted. */
    boolean has(String jobId) {
        return Files.exists(file(jobId));
    }

    /** The job's options as submitted. */
    List<String> args(String jobId) {
        // Records written before the jar was kept are the bare list of options.
        JsonNode record = read(jobId);
        List<String> args = new ArrayList<>();
        (record.isArray() ? record : record.path("args")).forEach(arg -> args.add(arg.asText()));
        return args;
    }

    /** The jar the job was submitted with; empty for records that did not keep it. */
    Optional<Path> jar(String jobId) {
        JsonNode jar = read(jobId).path("jar");
        return jar.isTextual() ? Optional.of(Path.of(jar.asText())) : Optional.empty();
    }

    /** The job id of the latest submission recorded here, if any. */
    Optional<String> latest() {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .max(Comparator.comparing(Submissions::modified))
                    .map(f -> f.getFileName().toString().replaceFirst("\\.json$", ""));
        } catch (IOException e) {
            throw new CliException("Cannot list the submissions in " + dir + ": " + e);
        }
    }

    private JsonNode read(String jobId) {
        Path file = file(jobId);
        if (!Files.exists(file)) {
            throw new CliException(
                    "No record of how job "
                            + jobId
                            + " was submitted in "
                            + dir
                            + " (jobs submitted by 'vigil job submit' from this machine have one)."
                            + " Give its options after --, as to 'vigil job submit'.");
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CliException("Cannot read " + file + ": " + e.getMessage());
        }
    }

    private Path file(String jobId) {
        return dir.resolve(jobId + ".json");
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}

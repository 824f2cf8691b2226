package dev.vigil.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code vigil job submit} ran, kept per job id under the state directory, so that {@code
 * vigil job upgrade} can run the same options again with new models. Flink's REST API does not
 * return a jar run's program arguments.
 */
final class Submissions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    Submissions(Path stateDir) {
        this.dir = stateDir.resolve("jobs");
    }

    void record(String jobId, List<String> args) {
        Path file = dir.resolve(jobId + ".json");
        try {
            Files.createDirectories(dir);
            JSON.writeValue(file.toFile(), args);
        } catch (IOException e) {
            throw new CliException(
                    "Could not record the submission in " + file + ": " + e.getMessage());
        }
    }

    /** The job's options as submitted. */
    List<String> args(String jobId) {
        Path file = dir.resolve(jobId + ".json");
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
            return JSON.readValue(file.toFile(), new TypeReference<List<String>>() {});
        } catch (IOException e) {
            throw new CliException("Cannot read " + file + ": " + e.getMessage());
        }
    }
}

package dev.vigil.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints Flink keeps of a job on a file system the CLI can read: {@code <checkpoint
 * dir>/<job id>/chk-<n>/_metadata}. A checkpoint is complete once its {@code _metadata} is written
 * (Flink writes it last), so a {@code chk-<n>} without one — a checkpoint in progress when its
 * JobManager was lost — is never a candidate.
 */
final class RetainedCheckpoints {
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");

    private final Path dir;

    private RetainedCheckpoints(Path dir) {
        this.dir = dir;
    }

    /**
     * The checkpoints under {@code checkpointDir}, as Flink's {@code execution.checkpointing.dir}
     * names it: a {@code file:} URI or a plain path.
     */
    static RetainedCheckpoints in(String checkpointDir) {
        URI uri = URI.create(checkpointDir);
        if (uri.getScheme() == null) {
            return new RetainedCheckpoints(Path.of(checkpointDir));
        }
        if (!uri.getScheme().equals("file")) {
            throw new CliException(
                    "The checkpoints are in "
                            + checkpointDir
                            + ", which this command cannot list: find the job's latest"
                            + " chk-<n> there and give it with --checkpoint.");
        }
        return new RetainedCheckpoints(Path.of(uri));
    }

    /** The job's latest complete checkpoint, as a directory Flink can restore from. */
    Optional<Path> latest(String jobId) {
        Path jobDir = dir.resolve(jobId);
        if (!Files.isDirectory(jobDir)) {
            return Optional.empty();
        }
        try (Stream<Path> checkpoints = Files.list(jobDir)) {
            return checkpoints
                    .filter(
                            chk ->
                                    number(chk) >= 0
                                            && Files.isRegularFile(chk.resolve("_metadata")))
                    .max(Comparator.comparingLong(RetainedCheckpoints::number));
        } catch (IOException e) {
            throw new CliException("Cannot list the checkpoints in " + jobDir + ": " + e);
        }
    }

    Path dir() {
        return dir;
    }

    private static long number(Path checkpoint) {
        Matcher matcher = CHECKPOINT.matcher(checkpoint.getFileName().toString());
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }
}

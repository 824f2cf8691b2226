package dev.vigil.cli;

import dev.vigil.nn.synthetic.DeterministicDetector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The job the CLI's ITCases run: the bundled {@code deterministic-detect} guest with nn-backend's
 * deterministic detector (version 1) on the CPU, reading and writing the topics under {@code
 * prefix}.
 */
final class DetectorJob {
    private DetectorJob() {}

    /** The job's arguments, then {@code extra} (more {@code --option value} pairs). */
    static List<String> args(
            String bootstrapServers,
            String registryUrl,
            String prefix,
            Path repository,
            String... extra) {
        return args(bootstrapServers, registryUrl, prefix, repository.toString(), extra);
    }

    /** As above, with the repository as the job's option takes it: a directory or a store URI. */
    static List<String> args(
            String bootstrapServers,
            String registryUrl,
            String prefix,
            String repository,
            String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--vigil.kafka.bootstrap-servers",
                                bootstrapServers,
                                "--vigil.schema-registry.url",
                                registryUrl,
                                "--vigil.kafka.topic-prefix",
                                prefix,
                                "--vigil.guest",
                                "bundled:deterministic-detect",
                                "--vigil.models",
                                "detector:" + DeterministicDetector.NAME + "@1",
                                "--vigil.model-repository",
                                repository,
                                "--vigil.providers",
                                "CPU"));
        args.addAll(List.of(extra));
        return args;
    }

    /** {@code vigil job submit <cliOptions> -- <jobArgs>}, as the CLI's arguments. */
    static String[] submit(List<String> cliOptions, List<String> jobArgs) {
        List<String> command = new ArrayList<>(List.of("job", "submit"));
        command.addAll(cliOptions);
        command.add("--");
        command.addAll(jobArgs);
        return command.toArray(String[]::new);
    }
}

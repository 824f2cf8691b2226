package dev.vigil.cli;

import dev.vigil.stack.embedded.FlinkCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil flink ARGS...}: Flink's own CLI against a cluster, for what {@code docs/UPGRADES.md}
 * does by hand ({@code flink run -d -s ...}) where no Flink distribution is installed.
 */
@Command(
        name = "flink",
        mixinStandardHelpOptions = true,
        description =
                "Run Flink's own command line (its CliFrontend, from the cluster's jars, with the"
                        + " JVM flags it needs on Java 17) against a cluster's REST API, e.g."
                        + " 'vigil flink list' or 'vigil flink run -d -s SAVEPOINT JAR ARGS'."
                        + " Everything after the first argument goes to Flink unchanged.")
final class FlinkCommand implements Callable<Integer> {
    @Option(
            names = "--flink-url",
            defaultValue = "http://127.0.0.1:8081",
            description = "REST URL of the Flink JobManager (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(
            names = "--work-dir",
            description =
                    "Where Flink's CLI gets its configuration and writes flink-cli.log (default:"
                            + " ${DEFAULT-VALUE}).")
    Path workDir = StackCommand.DEFAULT_DIR.resolveSibling("flink-cli");

    @Parameters(paramLabel = "ARGS", arity = "1..*", description = "Flink CLI arguments.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return FlinkCli.run(url, args, workDir, System.out);
    }
}

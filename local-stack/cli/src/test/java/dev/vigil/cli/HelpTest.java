package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers {@code --help} with its usage and exit code 0. */
class HelpTest {
    @Test
    void everyCommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(Vigil.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(20);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            assertThat(CliRun.succeed(args.toArray(String[]::new)))
                    .as("vigil %s --help", String.join(" ", path))
                    .contains("Usage: vigil");
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(path);
        command.getSubcommands()
                .forEach(
                        (name, sub) -> {
                            List<String> longer = new ArrayList<>(path);
                            longer.add(name);
                            collect(sub, longer, paths);
                        });
    }
}

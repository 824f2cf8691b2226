package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers {@code --help} with its usage and exit code 0. */
class HelpTest {
    /**
     * A parent's command list shows only the first element of a subcommand's description: a
     * description written as several lines showed there cut mid-sentence ("from synthetic"). Each
     * is one text that picocli wraps, and shows whole, in the list and in the command's own usage.
     */
    @Test
    void everyCommandListShowsWholeDescriptions() {
        List<List<String>> paths = new ArrayList<>();
        collect(Vigil.commandLine(), new ArrayList<>(), paths);
        for (List<String> path : paths) {
            CommandLine command = Vigil.commandLine();
            for (String name : path) {
                command = command.getSubcommands().get(name);
            }
            String usage = flat(command.getUsageMessage());
            for (CommandLine sub : command.getSubcommands().values()) {
                String[] description = sub.getCommandSpec().usageMessage().description();
                assertThat(description)
                        .as(
                                "vigil %s %s: description",
                                String.join(" ", path), sub.getCommandName())
                        .hasSize(1);
                assertThat(description[0]).as(sub.getCommandName()).endsWith(".");
                assertThat(usage)
                        .as("vigil %s --help", String.join(" ", path))
                        .contains(flat(description[0]));
            }
        }
    }

    /** The text without whitespace: picocli's wrapping also breaks long words (coordinates). */
    private static String flat(String text) {
        return text.replaceAll("\\s+", "");
    }

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

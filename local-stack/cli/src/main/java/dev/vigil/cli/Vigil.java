package dev.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command line. Exit codes: 0 done, 1 failed, 2 wrong usage. */
@Command(
        name = "vigil",
        // Every subcommand, however deep, takes --help and --version too.
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        version = "vigil 0.1.0-SNAPSHOT",
        description = "Stream inference for camera and sensor fleets: Kafka, Flink, Wasm, ONNX.",
        subcommands = {
            DemoCommand.class,
            StackCommand.class,
            TopicsCommand.class,
            ProduceCommand.class,
            AlertsCommand.class,
            ModelsCommand.class,
            ModulesCommand.class,
            JobCommand.class,
            SourcesCommand.class,
            UiCommand.class,
            TailCommand.class,
            FlinkCommand.class
        })
public final class Vigil {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine vigil = new CommandLine(new Vigil());
        // Flink's own options (-d, -s, -p ...) are not ours: from the first argument on, all its.
        vigil.getSubcommands().get("flink").setStopAtPositional(true);
        return vigil.setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(
                        (error, commandLine, parseResult) -> {
                            // Our exceptions say what failed and what to do: no stack trace.
                            commandLine.getErr().println("vigil: " + describe(error));
                            return error instanceof CliException cli ? cli.exitCode() : 1;
                        });
    }

    /** The message, with its cause's where the message alone does not say why. */
    private static String describe(Throwable error) {
        Throwable cause = error.getCause();
        String message = error.getMessage() != null ? error.getMessage() : error.toString();
        if (cause == null || message.contains(String.valueOf(cause.getMessage()))) {
            return message;
        }
        return message + ": " + cause;
    }
}

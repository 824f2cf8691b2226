package dev.vigil.cli;

import dev.vigil.stack.embedded.ChildJvm;
import dev.vigil.stack.embedded.EmbeddedFlink;
import dev.vigil.stack.embedded.EmbeddedKafka;
import dev.vigil.stack.embedded.EmbeddedRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil stack up|down|status}: the local stack as processes that outlive the command — a
 * Kafka broker, the schema registry and a Flink session cluster on 127.0.0.1 — with their data,
 * logs and pids under one directory.
 */
@Command(
        name = "stack",
        mixinStandardHelpOptions = true,
        subcommands = {StackCommand.Up.class, StackCommand.Down.class, StackCommand.Status.class},
        description = "Start, stop or show the local stack: Kafka, schema registry, Flink.")
final class StackCommand {
    private static final String STATE = "stack.properties";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /** The option every subcommand takes. */
    static final class Dir {
        @Option(
                names = "--dir",
                description =
                        "Where the stack keeps data, logs and pids (default: ${DEFAULT-VALUE}).")
        Path dir = Path.of(System.getProperty("user.home"), ".vigil", "stack");

        Path state() {
            return dir.resolve(STATE);
        }
    }

    /** One running part as the state file records it. */
    record Part(String name, String url, List<Long> pids) {
        boolean alive() {
            return pids.stream()
                    .allMatch(
                            pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }

        String line() {
            return String.format(
                    "%-9s %-8s %s (pid %s)", name, alive() ? "running" : "stopped", url, pids);
        }
    }

    static List<Part> read(Path state) {
        if (!Files.exists(state)) {
            return List.of();
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(state)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + state, e);
        }
        List<Part> parts = new ArrayList<>();
        for (String name : List.of("kafka", "registry", "flink")) {
            String pids = properties.getProperty(name + ".pids");
            if (pids != null) {
                parts.add(
                        new Part(
                                name,
                                properties.getProperty(name + ".url"),
                                Arrays.stream(pids.split(",")).map(Long::parseLong).toList()));
            }
        }
        return parts;
    }

    static void write(Path state, List<Part> parts) {
        Properties properties = new Properties();
        for (Part part : parts) {
            properties.setProperty(part.name() + ".url", part.url());
            properties.setProperty(
                    part.name() + ".pids",
                    String.join(",", part.pids().stream().map(String::valueOf).toList()));
        }
        try (var out = Files.newOutputStream(state)) {
            properties.store(out, "Written by 'vigil stack up'; read by status and down");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + state, e);
        }
    }

    @Command(name = "up", description = "Start the stack, or report it if it already runs.")
    static final class Up implements Callable<Integer> {
        @Mixin Dir stack;

        @Option(
                names = "--kafka-port",
                defaultValue = "9092",
                description = "Kafka's port (default: ${DEFAULT-VALUE}).")
        int kafkaPort;

        @Option(
                names = "--registry-port",
                defaultValue = "8085",
                description = "The registry's port (default: ${DEFAULT-VALUE}).")
        int registryPort;

        @Option(
                names = "--flink-port",
                defaultValue = "8081",
                description = "Flink's REST and web UI port (default: ${DEFAULT-VALUE}).")
        int flinkPort;

        @Override
        public Integer call() throws IOException {
            List<Part> known = read(stack.state());
            if (!known.isEmpty() && known.stream().allMatch(Part::alive)) {
                System.out.println("The stack already runs:");
                known.forEach(part -> System.out.println(part.line()));
                return 0;
            }
            if (known.stream().anyMatch(Part::alive)) {
                throw new CliException(
                        "Part of the stack in "
                                + stack.dir
                                + " runs and part does not: run 'vigil stack down --dir "
                                + stack.dir
                                + "' first.");
            }
            Files.createDirectories(stack.dir);
            List<Part> parts = new ArrayList<>();
            try {
                EmbeddedKafka kafka =
                        EmbeddedKafka.builder()
                                .workDir(stack.dir.resolve("kafka"))
                                .port(kafkaPort)
                                .outliveParent()
                                .start();
                parts.add(new Part("kafka", kafka.bootstrapServers(), List.of(kafka.pid())));
                EmbeddedRegistry registry =
                        EmbeddedRegistry.builder()
                                .workDir(stack.dir.resolve("registry"))
                                .port(registryPort)
                                .outliveParent()
                                .start();
                parts.add(new Part("registry", registry.url(), List.of(registry.pid())));
                EmbeddedFlink flink =
                        EmbeddedFlink.builder()
                                .workDir(stack.dir.resolve("flink"))
                                .restPort(flinkPort)
                                .outliveParent()
                                .start();
                parts.add(new Part("flink", flink.restUrl(), flink.pids()));
            } catch (RuntimeException e) {
                parts.forEach(StackCommand::stop); // nothing half-started is left behind
                throw e;
            }
            write(stack.state(), parts);
            parts.forEach(part -> System.out.println(part.line()));
            return 0;
        }
    }

    @Command(name = "down", description = "Stop exactly what 'up' started.")
    static final class Down implements Callable<Integer> {
        @Mixin Dir stack;

        @Override
        public Integer call() throws IOException {
            List<Part> parts = new ArrayList<>(read(stack.state()));
            if (parts.isEmpty()) {
                System.out.println("No stack in " + stack.dir + ".");
                return 0;
            }
            // Flink first: its jobs write to Kafka and the registry.
            Collections.reverse(parts);
            parts.forEach(StackCommand::stop);
            Files.delete(stack.state());
            System.out.println("Stopped the stack in " + stack.dir + ".");
            return 0;
        }
    }

    @Command(name = "status", description = "Show each part, its URL and whether it runs.")
    static final class Status implements Callable<Integer> {
        @Mixin Dir stack;

        @Override
        public Integer call() {
            List<Part> parts = read(stack.state());
            if (parts.isEmpty()) {
                System.out.println("No stack in " + stack.dir + ": run 'vigil stack up'.");
                return 0;
            }
            parts.forEach(part -> System.out.println(part.line()));
            return parts.stream().allMatch(Part::alive) ? 0 : 1;
        }
    }

    /** SIGTERM to the part's processes and their children, SIGKILL after the grace period. */
    private static void stop(Part part) {
        for (long pid : part.pids()) {
            ProcessHandle.of(pid)
                    .ifPresent(process -> ChildJvm.stop(process, part.name(), STOP_GRACE));
        }
    }
}

package dev.vigil.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil stack up|down|status}: the {@link LocalStack} — ZooKeeper, Kafka, schema registry
 * and a Flink session cluster with high availability as processes that outlive the command, with
 * data, logs and pids under one directory.
 */
@Command(
        name = "stack",
        mixinStandardHelpOptions = true,
        subcommands = {StackCommand.Up.class, StackCommand.Down.class, StackCommand.Status.class},
        description =
                "Start, stop or show the local stack: ZooKeeper, Kafka, schema registry, Flink.")
final class StackCommand {
    static final Path DEFAULT_DIR = Path.of(System.getProperty("user.home"), ".vigil", "stack");

    /** The option every subcommand takes. */
    static final class Dir {
        @Option(
                names = "--dir",
                description =
                        "Where the stack keeps data, logs and pids (default: ${DEFAULT-VALUE}).")
        Path dir = DEFAULT_DIR;
    }

    /** The ports and size of a new stack. */
    static final class PortOptions {
        @Option(
                names = "--taskmanagers",
                defaultValue = "1",
                description =
                        "Flink TaskManager processes, 2 slots each; a job runs on all the slots"
                                + " unless given its parallelism (default: ${DEFAULT-VALUE}).")
        int taskManagers;

        @Option(
                names = "--zookeeper-port",
                defaultValue = "2181",
                description =
                        "ZooKeeper's port, for Flink's high availability (default:"
                                + " ${DEFAULT-VALUE}).")
        int zooKeeper;

        @Option(
                names = "--kafka-port",
                defaultValue = "9092",
                description = "Kafka's port (default: ${DEFAULT-VALUE}).")
        int kafka;

        @Option(
                names = "--registry-port",
                defaultValue = "8085",
                description = "The registry's port (default: ${DEFAULT-VALUE}).")
        int registry;

        @Option(
                names = "--flink-port",
                defaultValue = "8081",
                description = "Flink's REST and web UI port (default: ${DEFAULT-VALUE}).")
        int flink;

        @Option(
                names = "--metrics-port",
                defaultValue = "9249",
                description =
                        "The JobManager's Prometheus port; the TaskManagers' are the next ones"
                                + " (default: ${DEFAULT-VALUE}).")
        int metrics;

        LocalStack.Ports ports() {
            return new LocalStack.Ports(zooKeeper, kafka, registry, flink, metrics);
        }
    }

    @Command(name = "up", description = "Start the stack, or report it if it already runs.")
    static final class Up implements Callable<Integer> {
        @Mixin Dir stack;
        @Mixin PortOptions ports;

        @Override
        public Integer call() {
            LocalStack known = LocalStack.read(stack.dir);
            if (known.running()) {
                System.out.println("The stack already runs:");
                known.lines().forEach(System.out::println);
                return 0;
            }
            LocalStack.start(stack.dir, ports.ports(), ports.taskManagers)
                    .lines()
                    .forEach(System.out::println);
            return 0;
        }
    }

    @Command(name = "down", description = "Stop exactly what 'up' started.")
    static final class Down implements Callable<Integer> {
        @Mixin Dir stack;

        @Override
        public Integer call() {
            LocalStack known = LocalStack.read(stack.dir);
            if (known.isEmpty()) {
                System.out.println("No stack in " + stack.dir + ".");
                return 0;
            }
            for (LocalStack.Part part : known.parts()) {
                List<Long> ours = part.ours().stream().map(ProcessHandle::pid).toList();
                part.pids().stream()
                        .filter(pid -> !ours.contains(pid))
                        .filter(pid -> ProcessHandle.of(pid).isPresent())
                        .forEach(
                                pid ->
                                        System.out.println(
                                                "Left pid "
                                                        + pid
                                                        + " alone: it is not the "
                                                        + part.name()
                                                        + " process 'up' started (that one"
                                                        + " exited)."));
            }
            known.stop();
            System.out.println("Stopped the stack in " + stack.dir + ".");
            return 0;
        }
    }

    @Command(
            name = "status",
            description =
                    "Show each part, its URL and whether it runs: 'running', 'degraded' (some of"
                        + " its processes exited), 'running (not started by this stack)' (its port"
                        + " is served by another process) or 'stopped'. Exit code 0 only when all"
                        + " run.")
    static final class Status implements Callable<Integer> {
        @Mixin Dir stack;

        @Override
        public Integer call() {
            LocalStack known = LocalStack.read(stack.dir);
            if (known.isEmpty()) {
                System.out.println("No stack in " + stack.dir + ": run 'vigil stack up'.");
                return 0;
            }
            known.lines().forEach(System.out::println);
            return known.running() ? 0 : 1;
        }
    }
}

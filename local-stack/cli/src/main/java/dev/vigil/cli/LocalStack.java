package dev.vigil.cli;

import dev.vigil.stack.embedded.ChildJvm;
import dev.vigil.stack.embedded.EmbeddedFlink;
import dev.vigil.stack.embedded.EmbeddedKafka;
import dev.vigil.stack.embedded.EmbeddedRegistry;
import dev.vigil.stack.embedded.EmbeddedZooKeeper;
import dev.vigil.stack.embedded.Probes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stack as processes that outlive the command that started them — ZooKeeper (Flink's high
 * availability), a Kafka broker, the schema registry and a Flink session cluster on 127.0.0.1 —
 * recorded in {@code stack.properties} under its directory with each process's start time, so that
 * later commands find them, tell them from other processes that took their pids or ports, and
 * {@link #stop()} stops exactly them.
 */
final class LocalStack {
    static final String STATE = "stack.properties";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final List<String> NAMES = List.of("zookeeper", "kafka", "registry", "flink");
    private static final Pattern PORT = Pattern.compile(":(\\d+)(/|$)");

    /**
     * One part as the state file records it: its processes and when each started. A pid alone does
     * not name a process for long: the system gives it to another once the process exits.
     */
    record Part(String name, String url, List<Long> pids, List<Instant> started) {
        static Part of(String name, String url, List<Long> pids) {
            return new Part(
                    name,
                    url,
                    pids,
                    pids.stream().map(pid -> startOf(ProcessHandle.of(pid))).toList());
        }

        /** Every process of the part runs, and each is the one that was started. */
        boolean alive() {
            return ours().size() == pids.size();
        }

        /** The part's processes that still run and are the ones that were started. */
        List<ProcessHandle> ours() {
            List<ProcessHandle> ours = new ArrayList<>();
            for (int i = 0; i < pids.size(); i++) {
                Optional<ProcessHandle> process = ProcessHandle.of(pids.get(i));
                Instant recorded = i < started.size() ? started.get(i) : null;
                if (process.isPresent()
                        && process.get().isAlive()
                        && recorded != null
                        && recorded.equals(startOf(process))) {
                    ours.add(process.get());
                }
            }
            return ours;
        }

        /** What runs: this part, part of it, something else on its port, or nothing. */
        String state() {
            int running = ours().size();
            if (running == pids.size()) {
                return "running";
            }
            if (running > 0) {
                return "degraded (" + (pids.size() - running) + " of its processes exited)";
            }
            return served() ? "running (not started by this stack)" : "stopped";
        }

        String line() {
            return String.format("%-9s %-8s %s (pid %s)", name, state(), url, pids);
        }

        /**
         * SIGTERM to the part's processes and their children, SIGKILL after the grace period; a pid
         * that now names another process is left alone.
         */
        void stop() {
            for (ProcessHandle process : ours()) {
                ChildJvm.stop(process, name, STOP_GRACE);
            }
        }

        /** Something accepts connections on the part's port. */
        private boolean served() {
            Matcher port = PORT.matcher(url.replaceFirst("^[a-z]+://", ""));
            return port.find() && Probes.tcp(Integer.parseInt(port.group(1))).getAsBoolean();
        }

        private static Instant startOf(Optional<ProcessHandle> process) {
            return process.flatMap(p -> p.info().startInstant()).orElse(null);
        }
    }

    /** The ports a new stack listens on. */
    record Ports(int zooKeeper, int kafka, int registry, int flink, int metrics) {}

    private final Path dir;
    private final List<Part> parts;

    private LocalStack(Path dir, List<Part> parts) {
        this.dir = dir;
        this.parts = List.copyOf(parts);
    }

    /** What {@code dir} records; no parts where nothing was started there. */
    static LocalStack read(Path dir) {
        Path state = dir.resolve(STATE);
        List<Part> parts = new ArrayList<>();
        if (Files.exists(state)) {
            Properties properties = new Properties();
            try (var in = Files.newInputStream(state)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + state, e);
            }
            for (String name : NAMES) {
                String pids = properties.getProperty(name + ".pids");
                if (pids != null) {
                    // Stacks started before start times were recorded have none: never ours.
                    String started = properties.getProperty(name + ".started", "");
                    parts.add(
                            new Part(
                                    name,
                                    properties.getProperty(name + ".url"),
                                    Arrays.stream(pids.split(",")).map(Long::parseLong).toList(),
                                    Arrays.stream(started.split(","))
                                            .filter(t -> !t.isEmpty())
                                            .map(Instant::parse)
                                            .toList()));
                }
            }
        }
        return new LocalStack(dir, parts);
    }

    /**
     * Starts ZooKeeper, Kafka, the registry and Flink (with ZooKeeper high availability and {@code
     * taskManagers} TaskManager processes) in {@code dir}, and records them; stops what it started
     * if a later part fails.
     *
     * @throws CliException if part of a stack already runs there
     */
    static LocalStack start(Path dir, Ports ports, int taskManagers) {
        if (read(dir).parts.stream().anyMatch(part -> !part.ours().isEmpty())) {
            throw new CliException(
                    "Part of the stack in "
                            + dir
                            + " runs and part does not: run 'vigil stack down --dir "
                            + dir
                            + "' first.");
        }
        List<Part> parts = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            EmbeddedZooKeeper zooKeeper =
                    EmbeddedZooKeeper.builder()
                            .workDir(dir.resolve("zookeeper"))
                            .port(ports.zooKeeper())
                            .outliveParent()
                            .start();
            parts.add(Part.of("zookeeper", zooKeeper.connectString(), List.of(zooKeeper.pid())));
            EmbeddedKafka kafka =
                    EmbeddedKafka.builder()
                            .workDir(dir.resolve("kafka"))
                            .port(ports.kafka())
                            .outliveParent()
                            .start();
            parts.add(Part.of("kafka", kafka.bootstrapServers(), List.of(kafka.pid())));
            EmbeddedRegistry registry =
                    EmbeddedRegistry.builder()
                            .workDir(dir.resolve("registry"))
                            .port(ports.registry())
                            .outliveParent()
                            .start();
            parts.add(Part.of("registry", registry.url(), List.of(registry.pid())));
            EmbeddedFlink flink =
                    EmbeddedFlink.builder()
                            .workDir(dir.resolve("flink"))
                            .restPort(ports.flink())
                            .metricsPorts(ports.metrics(), ports.metrics() + 1)
                            .taskManagers(taskManagers)
                            .zooKeeper(zooKeeper.connectString())
                            .outliveParent()
                            .start();
            parts.add(Part.of("flink", flink.restUrl(), flink.pids()));
        } catch (IOException | RuntimeException e) {
            parts.forEach(Part::stop); // nothing half-started is left behind
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        LocalStack stack = new LocalStack(dir, parts);
        stack.write();
        return stack;
    }

    Path dir() {
        return dir;
    }

    List<Part> parts() {
        return parts;
    }

    /**
     * What {@code stack up} and {@code status} print: a line per part, then Flink's Prometheus
     * endpoints (one per process), where its cluster was started.
     */
    List<String> lines() {
        List<String> lines = new ArrayList<>(parts.stream().map(Part::line).toList());
        List<String> metrics = EmbeddedFlink.metricsUrls(dir.resolve("flink"));
        if (!metrics.isEmpty()) {
            lines.add(
                    String.format(
                            "%-9s %s (JobManager), %s (%s): Prometheus",
                            "metrics",
                            metrics.get(0),
                            String.join(", ", metrics.subList(1, metrics.size())),
                            metrics.size() == 2 ? "TaskManager" : "TaskManagers"));
        }
        return lines;
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    boolean running() {
        return !parts.isEmpty() && parts.stream().allMatch(Part::alive);
    }

    /** The URL of part {@code name}: bootstrap servers, registry URL or Flink's REST URL. */
    String url(String name) {
        return parts.stream()
                .filter(part -> part.name().equals(name))
                .findFirst()
                .map(Part::url)
                .orElseThrow(() -> new CliException("No " + name + " in the stack in " + dir));
    }

    /**
     * Stops every part, Flink first (its jobs write to Kafka and the registry), ZooKeeper last, and
     * forgets them. Flink's jobs are suspended, not cancelled: with high availability the next
     * {@code up} recovers them from their last checkpoints.
     */
    void stop() {
        List<Part> reversed = new ArrayList<>(parts);
        Collections.reverse(reversed);
        reversed.forEach(Part::stop);
        try {
            Files.deleteIfExists(dir.resolve(STATE));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir.resolve(STATE), e);
        }
    }

    private void write() {
        Properties properties = new Properties();
        for (Part part : parts) {
            properties.setProperty(part.name() + ".url", part.url());
            properties.setProperty(
                    part.name() + ".pids",
                    String.join(",", part.pids().stream().map(String::valueOf).toList()));
            properties.setProperty(
                    part.name() + ".started",
                    String.join(",", part.started().stream().map(String::valueOf).toList()));
        }
        try (var out = Files.newOutputStream(dir.resolve(STATE))) {
            properties.store(out, "Written by 'vigil stack up'; read by status and down");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + dir.resolve(STATE), e);
        }
    }
}

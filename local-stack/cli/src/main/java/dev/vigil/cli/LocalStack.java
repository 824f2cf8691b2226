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

/**
 * The local stack as processes that outlive the command that started them — a Kafka broker, the
 * schema registry and a Flink session cluster on 127.0.0.1 — recorded in {@code stack.properties}
 * under its directory, so that later commands find them and {@link #stop()} stops exactly them.
 */
final class LocalStack {
    static final String STATE = "stack.properties";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final List<String> NAMES = List.of("kafka", "registry", "flink");

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

        /** SIGTERM to the part's processes and their children, SIGKILL after the grace period. */
        void stop() {
            for (long pid : pids) {
                ProcessHandle.of(pid)
                        .ifPresent(process -> ChildJvm.stop(process, name, STOP_GRACE));
            }
        }
    }

    /** The ports a new stack listens on. */
    record Ports(int kafka, int registry, int flink) {}

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
                    parts.add(
                            new Part(
                                    name,
                                    properties.getProperty(name + ".url"),
                                    Arrays.stream(pids.split(",")).map(Long::parseLong).toList()));
                }
            }
        }
        return new LocalStack(dir, parts);
    }

    /**
     * Starts Kafka, the registry and Flink in {@code dir}, and records them; stops what it started
     * if a later part fails.
     *
     * @throws CliException if part of a stack already runs there
     */
    static LocalStack start(Path dir, Ports ports) {
        if (read(dir).parts.stream().anyMatch(Part::alive)) {
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
            EmbeddedKafka kafka =
                    EmbeddedKafka.builder()
                            .workDir(dir.resolve("kafka"))
                            .port(ports.kafka())
                            .outliveParent()
                            .start();
            parts.add(new Part("kafka", kafka.bootstrapServers(), List.of(kafka.pid())));
            EmbeddedRegistry registry =
                    EmbeddedRegistry.builder()
                            .workDir(dir.resolve("registry"))
                            .port(ports.registry())
                            .outliveParent()
                            .start();
            parts.add(new Part("registry", registry.url(), List.of(registry.pid())));
            EmbeddedFlink flink =
                    EmbeddedFlink.builder()
                            .workDir(dir.resolve("flink"))
                            .restPort(ports.flink())
                            .outliveParent()
                            .start();
            parts.add(new Part("flink", flink.restUrl(), flink.pids()));
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
     * Stops every part, Flink first (its jobs write to Kafka and the registry), and forgets them.
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
        }
        try (var out = Files.newOutputStream(dir.resolve(STATE))) {
            properties.store(out, "Written by 'vigil stack up'; read by status and down");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + dir.resolve(STATE), e);
        }
    }
}

package dev.vigil.stack.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Java program started as a child process, with its output in a log file.
 *
 * <p>Lifetime: the process runs from {@link Builder#start()} until {@link #close()}, which stops it
 * and its descendants and waits for them. Children still running when this JVM exits are stopped by
 * a shutdown hook, unless built with {@link Builder#outliveParent()} (the CLI's {@code stack up}).
 */
public final class ChildJvm implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChildJvm.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Set<ChildJvm> STOP_ON_EXIT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> STOP_ON_EXIT.forEach(ChildJvm::close),
                                "vigil-child-jvm-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path deleteOnClose;

    private ChildJvm(String name, Process process, Path logFile, Path deleteOnClose) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.deleteOnClose = deleteOnClose;
    }

    public static Builder builder(String name, String mainClass) {
        return new Builder(name, mainClass);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until {@code ready} holds. Fails, and stops the process, when it exits first or when
     * the timeout passes; the message carries the last lines of its log.
     */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw failure("exited with code " + process.exitValue() + " before it was ready");
            }
            if (System.nanoTime() > deadline) {
                close();
                throw failure("was not ready within " + timeout.toSeconds() + " s");
            }
            sleep(POLL);
        }
    }

    /** Waits for a short-lived program to finish and fails unless it exits with 0. */
    public void awaitSuccess(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw failure("did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new EmbeddedStackException("Interrupted while waiting for " + name, e);
        } finally {
            STOP_ON_EXIT.remove(this);
        }
        if (process.exitValue() != 0) {
            throw failure("failed with exit code " + process.exitValue());
        }
    }

    /** The last {@code lines} lines of the log, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the process and its descendants: politely first, forcibly after a grace period. */
    @Override
    public void close() {
        STOP_ON_EXIT.remove(this);
        stop(process.toHandle(), name, STOP_GRACE);
        if (deleteOnClose != null) {
            WorkDirs.deleteTree(deleteOnClose);
        }
    }

    /**
     * Kills the process and its descendants at once (SIGKILL), as a crash or {@code kill -9} would,
     * and waits for them to be gone. Leaves the work dir as it is, for a restart on the same data.
     */
    public void kill() {
        STOP_ON_EXIT.remove(this);
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(process.toHandle());
        family.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : family) {
            try {
                handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new EmbeddedStackException(
                        name + " (pid " + handle.pid() + ") survived SIGKILL: " + e, e);
            }
        }
        LOG.info("Killed {} (pid {})", name, process.pid());
    }

    /**
     * Stops a process and its descendants: SIGTERM to all, then SIGKILL to those still running
     * after {@code grace}. Also for processes a previous launcher started (known by pid only).
     */
    public static void stop(ProcessHandle root, String name, Duration grace) {
        List<ProcessHandle> family = new ArrayList<>(root.descendants().toList());
        family.add(root);
        family.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : family) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                LOG.warn("{} (pid {}) ignored SIGTERM; killing it", name, handle.pid());
                handle.destroyForcibly();
            }
        }
    }

    private EmbeddedStackException failure(String what) {
        return new EmbeddedStackException(
                name + " " + what + ". Log: " + logFile + "\n--- last lines ---\n" + logTail(30));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedStackException("Interrupted while waiting for a child process", e);
        }
    }

    /** How to start a child JVM. */
    public static final class Builder {
        private final String name;
        private final String mainClass;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private String classPath = "";
        private Path workDir = Path.of(".");
        private Path logFile;
        private boolean outliveParent;
        private boolean deleteWorkDirOnClose;

        private Builder(String name, String mainClass) {
            this.name = name;
            this.mainClass = mainClass;
        }

        public Builder classPath(String classPath) {
            this.classPath = classPath;
            return this;
        }

        public Builder jvmArgs(String... jvmArgs) {
            this.jvmArgs.addAll(List.of(jvmArgs));
            return this;
        }

        public Builder args(String... args) {
            this.args.addAll(List.of(args));
            return this;
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** Leave the process running when this JVM exits (for {@code vigil stack up}). */
        public Builder outliveParent() {
            this.outliveParent = true;
            return this;
        }

        /** Delete the work dir once the process has stopped (for temporary work dirs). */
        public Builder deleteWorkDirOnClose() {
            this.deleteWorkDirOnClose = true;
            return this;
        }

        public ChildJvm start() {
            Path log = logFile != null ? logFile : workDir.resolve(name + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(classPath);
            command.add(mainClass);
            command.addAll(args);
            try {
                Files.createDirectories(workDir);
                Files.createDirectories(log.toAbsolutePath().getParent());
                Process process =
                        new ProcessBuilder(command)
                                .directory(workDir.toFile())
                                .redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                                .start();
                ChildJvm child =
                        new ChildJvm(name, process, log, deleteWorkDirOnClose ? workDir : null);
                if (!outliveParent) {
                    STOP_ON_EXIT.add(child);
                }
                LOG.info("Started {} (pid {}), log {}", name, process.pid(), log);
                return child;
            } catch (IOException e) {
                throw new EmbeddedStackException("Could not start " + name + ": " + e, e);
            }
        }
    }
}

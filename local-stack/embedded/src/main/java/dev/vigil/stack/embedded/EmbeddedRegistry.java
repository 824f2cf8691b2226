package dev.vigil.stack.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * A real schema registry speaking the Confluent REST API (Apicurio Registry, built by {@code
 * local-stack/registry-app}), started in a child JVM on 127.0.0.1.
 *
 * <p>The work directory holds {@code registry.properties}, the H2 database under {@code data/} and
 * {@code registry.log}. Starting again on the same work directory keeps the port and every schema
 * with its id: producers write those ids into each record, so they must outlive a restart.
 */
public final class EmbeddedRegistry implements AutoCloseable {
    private static final String MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";
    private static final String LOCATION_RECORD = "dev/vigil/stack/registry-app.location";
    private static final String MODULE = "local-stack/registry-app";
    private static final String CONFLUENT_API = "/apis/ccompat/v7";

    private final ChildJvm process;
    private final int port;

    private EmbeddedRegistry(ChildJvm process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Confluent API's base URL, for {@code schema.registry.url} of a Confluent client. */
    public String url() {
        return urlAt(port);
    }

    /** The Confluent API's base URL of a registry this class starts on {@code port}. */
    public static String urlAt(int port) {
        return "http://127.0.0.1:" + port + CONFLUENT_API;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return process.logFile();
    }

    /** Stops the registry (Quarkus shuts down cleanly on SIGTERM) and waits for its JVM to exit. */
    @Override
    public void close() {
        process.close();
    }

    /** Where and how to start the registry. Defaults work for tests: a temp dir and a free port. */
    public static final class Builder {
        private Path workDir;
        private int port;
        private String heap = "256m";
        private Duration startTimeout = Duration.ofSeconds(60);
        private boolean outliveParent;

        private Builder() {}

        /** Where the database and the log go. Default: a new temporary directory. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** The HTTP port; 0 (default) reuses the work dir's port, or else picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The registry's maximum heap, as for {@code -Xmx}. Default 256m, plenty for tests. */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** Leave the registry running when this JVM exits (for {@code vigil stack up}). */
        public Builder outliveParent() {
            this.outliveParent = true;
            return this;
        }

        public EmbeddedRegistry start() {
            Path runJar = appDir().resolve("quarkus-run.jar");
            Path dir = WorkDirs.orTemp(workDir, "vigil-registry-");
            int httpPort = httpPort(dir);

            ChildJvm.Builder registry =
                    ChildJvm.builder("schema-registry", MAIN)
                            .classPath(runJar.toString())
                            .jvmArgs(
                                    "-Xmx" + heap,
                                    "-XX:+ExitOnOutOfMemoryError",
                                    // C1 only: starts seconds sooner on small machines, and a
                                    // registry answers few requests, so C2's peak speed is moot.
                                    "-XX:TieredStopAtLevel=1",
                                    "-Dquarkus.http.host=127.0.0.1",
                                    "-Dquarkus.http.port=" + httpPort,
                                    // Apicurio's SQL storage on an H2 file: ids survive restarts.
                                    "-Dquarkus.datasource.jdbc.url=jdbc:h2:file:"
                                            + dir.toAbsolutePath().resolve("data/registry"))
                            .workDir(dir)
                            .logFile(dir.resolve("registry.log"));
            if (outliveParent) {
                registry.outliveParent();
            }
            if (workDir == null) {
                registry.deleteWorkDirOnClose();
            }
            ChildJvm process = registry.start();
            EmbeddedRegistry started = new EmbeddedRegistry(process, httpPort);
            process.awaitReady(Probes.http(started.url() + "/subjects"), startTimeout);
            return started;
        }

        /** The built Quarkus app, as recorded by the registry-app module's build. */
        private static Path appDir() {
            Path app = Path.of(BuildRecords.read(LOCATION_RECORD, MODULE));
            if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                throw new EmbeddedStackException(
                        "The schema registry app is not built at "
                                + app
                                + " (was it cleaned?). Build it: ./mvnw -B -pl "
                                + MODULE
                                + " -am package");
            }
            return app;
        }

        /** The port asked for, else the one this work dir had before, else a free one. */
        private int httpPort(Path dir) {
            Path record = dir.resolve("registry.properties");
            Properties settings = WorkDirs.load(record);
            int chosen = port;
            if (chosen == 0) {
                String previous = settings.getProperty("port");
                chosen = previous != null ? Integer.parseInt(previous) : FreePorts.next();
            }
            settings.setProperty("port", String.valueOf(chosen));
            WorkDirs.store(settings, record, "EmbeddedRegistry");
            return chosen;
        }
    }
}

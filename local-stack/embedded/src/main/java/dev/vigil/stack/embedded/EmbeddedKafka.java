package dev.vigil.stack.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one process), started from
 * Kafka's own jars in a child JVM on 127.0.0.1.
 *
 * <p>The work directory holds {@code server.properties}, {@code log4j2.properties}, the log
 * directories and {@code kafka.log}. Starting again on a work directory that already holds a
 * formatted broker reuses it with the same ports and data, which is how the local stack survives
 * {@code down}/{@code up}. Tests of outages {@link #kill()} the broker and {@link #restart()} it.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final String MAIN = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final String CLASSPATH_RECORD = "dev/vigil/stack/kafka-broker.classpath";

    /**
     * Kafka's broker logs through Log4j 2, and without a configuration Log4j 2 logs only errors:
     * {@code kafka.log} stayed empty. This one writes INFO to standard output, which {@link
     * ChildJvm} appends to {@code kafka.log}, as Kafka's own {@code config/log4j2.yaml} does for
     * its console.
     */
    private static final String LOG_CONFIG =
            String.join(
                    "\n",
                    "# Written by Vigil's EmbeddedKafka on every start.",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.stdout.ref = stdout",
                    "appender.stdout.type = Console",
                    "appender.stdout.name = stdout",
                    "appender.stdout.target = SYSTEM_OUT",
                    "appender.stdout.layout.type = PatternLayout",
                    "appender.stdout.layout.pattern = [%d] %p %m (%c)%n",
                    // One line per request when on; Kafka ships it at WARN too.
                    "logger.request.name = kafka.request.logger",
                    "logger.request.level = WARN",
                    "");

    private final ChildJvm.Builder launcher;
    private final int port;
    private final Duration startTimeout;
    private volatile ChildJvm process;

    private EmbeddedKafka(ChildJvm.Builder launcher, int port, Duration startTimeout) {
        this.launcher = launcher;
        this.port = port;
        this.startTimeout = startTimeout;
        this.process = launch(launcher, port, startTimeout);
    }

    private static ChildJvm launch(ChildJvm.Builder launcher, int port, Duration timeout) {
        ChildJvm process = launcher.start();
        process.awaitReady(Probes.tcp(port), timeout);
        return process;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
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

    /**
     * Kills the broker's JVM and its children with SIGKILL, as a crash would: no controlled
     * shutdown, the data and KRaft metadata stay in the work dir as they were. For tests of
     * outages; {@link #restart()} brings it back.
     */
    public void kill() {
        process.kill();
    }

    /**
     * Starts the broker again after {@link #kill()}, on the same port, config and data (it recovers
     * its logs as after any unclean shutdown), and waits until it accepts connections.
     *
     * @throws IllegalStateException if the broker still runs
     */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(
                    "The broker (pid " + process.pid() + ") still runs: kill() it first");
        }
        process = launch(launcher, port, startTimeout);
    }

    /** Stops the broker (controlled shutdown on SIGTERM) and waits for its JVM to exit. */
    @Override
    public void close() {
        process.close();
    }

    /** Where and how to start the broker. Defaults work for tests: a temp dir and free ports. */
    public static final class Builder {
        private Path workDir;
        private int port;
        private String heap = "256m";
        private Duration startTimeout = Duration.ofSeconds(60);
        private boolean outliveParent;

        private Builder() {}

        /** Where config, data and the log go. Default: a new temporary directory. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** The client port; 0 (default) picks a free one. Ignored when the work dir is reused. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The broker's maximum heap, as for {@code -Xmx}. Default 256m, enough for tests. */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** Leave the broker running when this JVM exits (for {@code vigil stack up}). */
        public Builder outliveParent() {
            this.outliveParent = true;
            return this;
        }

        public EmbeddedKafka start() {
            String classPath = BuildRecords.read(CLASSPATH_RECORD, "local-stack/kafka-broker");
            Path dir = WorkDirs.orTemp(workDir, "vigil-kafka-");
            Path config = dir.resolve("server.properties");
            String logConfig = writeLogConfig(dir);
            Properties server =
                    Files.exists(config)
                            ? WorkDirs.load(config)
                            : format(dir, classPath, logConfig);
            int clientPort = clientPort(server);

            ChildJvm.Builder broker =
                    ChildJvm.builder("kafka-broker", MAIN)
                            .classPath(classPath)
                            .jvmArgs(
                                    "-Xmx" + heap,
                                    "-XX:+ExitOnOutOfMemoryError",
                                    "-Djava.awt.headless=true",
                                    logConfig)
                            .args(config.toString())
                            .workDir(dir)
                            .logFile(dir.resolve("kafka.log"));
            if (outliveParent) {
                broker.outliveParent();
            }
            if (workDir == null) {
                broker.deleteWorkDirOnClose();
            }
            return new EmbeddedKafka(broker, clientPort, startTimeout);
        }

        /** Writes the Log4j 2 config into the work dir; returns the JVM flag that names it. */
        private static String writeLogConfig(Path dir) {
            Path file = dir.resolve("log4j2.properties");
            try {
                Files.writeString(file, LOG_CONFIG);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write " + file, e);
            }
            return "-Dlog4j2.configurationFile=" + file.toUri();
        }

        /** Writes a fresh single-node KRaft config and formats its storage with Kafka's tool. */
        private Properties format(Path dir, String classPath, String logConfig) {
            int clientPort = port != 0 ? port : FreePorts.next();
            int controllerPort = FreePorts.next();
            Properties server = new Properties();
            server.setProperty("process.roles", "broker,controller");
            server.setProperty("node.id", "1");
            server.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            server.setProperty(
                    "listeners",
                    "PLAINTEXT://127.0.0.1:"
                            + clientPort
                            + ",CONTROLLER://127.0.0.1:"
                            + controllerPort);
            server.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
            server.setProperty("controller.listener.names", "CONTROLLER");
            server.setProperty("inter.broker.listener.name", "PLAINTEXT");
            server.setProperty(
                    "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            server.setProperty("log.dirs", dir.resolve("data").toString());
            // One broker: every internal topic must live with a single replica.
            server.setProperty("offsets.topic.replication.factor", "1");
            server.setProperty("transaction.state.log.replication.factor", "1");
            server.setProperty("transaction.state.log.min.isr", "1");
            server.setProperty("share.coordinator.state.topic.replication.factor", "1");
            server.setProperty("share.coordinator.state.topic.min.isr", "1");
            // Topics come from the catalogue (kafka-topics), never from a typo in a client.
            server.setProperty("auto.create.topics.enable", "false");
            server.setProperty("group.initial.rebalance.delay.ms", "0");
            // Raw frames are large; topics set their own max.message.bytes below this.
            server.setProperty("message.max.bytes", String.valueOf(16 * 1024 * 1024));
            // The log cleaner (the alerts topic is compacted) allocates its dedupe buffer on the
            // heap at start-up, 128 MiB by default: in a 256m broker that one humongous
            // allocation sometimes failed and the broker died of OutOfMemoryError before it was
            // ready (seen in CI). 16 MiB holds ~700k keys, far more than a local stack compacts.
            server.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
            Path config = dir.resolve("server.properties");
            WorkDirs.store(server, config, "EmbeddedKafka");

            ChildJvm.builder("kafka-storage-format", STORAGE_TOOL)
                    .classPath(classPath)
                    .jvmArgs("-Xmx128m", logConfig)
                    .args(
                            "format",
                            "--config",
                            config.toString(),
                            // One argument: a random id may start with '-', which would read as a
                            // flag.
                            "--cluster-id=" + clusterId(),
                            "--ignore-formatted")
                    .workDir(dir)
                    .logFile(dir.resolve("kafka-storage-format.log"))
                    .start()
                    .awaitSuccess(Duration.ofSeconds(60));
            return server;
        }
    }

    private static int clientPort(Properties server) {
        String advertised = server.getProperty("advertised.listeners");
        return Integer.parseInt(advertised.substring(advertised.lastIndexOf(':') + 1));
    }

    /** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding. */
    private static String clusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}

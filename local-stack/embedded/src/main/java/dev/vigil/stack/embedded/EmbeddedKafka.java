package dev.vigil.stack.embedded;

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
 * <p>The work directory holds {@code server.properties}, the log directories and {@code kafka.log}.
 * Starting again on a work directory that already holds a formatted broker reuses it with the same
 * ports and data, which is how the local stack survives {@code down}/{@code up}.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final String MAIN = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final String CLASSPATH_RECORD = "dev/vigil/stack/kafka-broker.classpath";

    private final ChildJvm process;
    private final int port;

    private EmbeddedKafka(ChildJvm process, int port) {
        this.process = process;
        this.port = port;
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
            Properties server =
                    Files.exists(config) ? WorkDirs.load(config) : format(dir, classPath);
            int clientPort = clientPort(server);

            ChildJvm.Builder broker =
                    ChildJvm.builder("kafka-broker", MAIN)
                            .classPath(classPath)
                            .jvmArgs(
                                    "-Xmx" + heap,
                                    "-XX:+ExitOnOutOfMemoryError",
                                    "-Djava.awt.headless=true")
                            .args(config.toString())
                            .workDir(dir)
                            .logFile(dir.resolve("kafka.log"));
            if (outliveParent) {
                broker.outliveParent();
            }
            if (workDir == null) {
                broker.deleteWorkDirOnClose();
            }
            ChildJvm process = broker.start();
            process.awaitReady(Probes.tcp(clientPort), startTimeout);
            return new EmbeddedKafka(process, clientPort);
        }

        /** Writes a fresh single-node KRaft config and formats its storage with Kafka's tool. */
        private Properties format(Path dir, String classPath) {
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
                    .jvmArgs("-Xmx128m")
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

package dev.vigil.stack.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * A real Apache ZooKeeper server (standalone, one node) from ZooKeeper's own jars, in a child JVM
 * on 127.0.0.1: the coordination service of Flink's high availability on the local stack.
 *
 * <p>The work directory holds {@code zoo.cfg}, the data under {@code data/} and {@code
 * zookeeper.log}. Starting again on the same work directory keeps the port and the data, so a
 * JobManager started later finds the jobs and checkpoints its predecessor registered.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final String MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain";
    private static final String CLASSPATH_RECORD = "dev/vigil/stack/zookeeper.classpath";
    private static final String MODULE = "local-stack/zookeeper";

    private final ChildJvm process;
    private final int port;

    private EmbeddedZooKeeper(ChildJvm process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:port}, for {@code high-availability.zookeeper.quorum}. */
    public String connectString() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the server and waits for its JVM to exit. */
    @Override
    public void close() {
        process.close();
    }

    /** Where and how to start the server. Defaults work for tests: a temp dir and a free port. */
    public static final class Builder {
        private Path workDir;
        private int port;
        private Duration startTimeout = Duration.ofSeconds(60);
        private boolean outliveParent;

        private Builder() {}

        /** Where zoo.cfg, the data and the log go. Default: a new temporary directory. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** The client port; 0 (default) picks a free one. Ignored when the work dir is reused. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** Leave the server running when this JVM exits (for {@code vigil stack up}). */
        public Builder outliveParent() {
            this.outliveParent = true;
            return this;
        }

        public EmbeddedZooKeeper start() {
            String classPath = BuildRecords.read(CLASSPATH_RECORD, MODULE);
            Path dir = WorkDirs.orTemp(workDir, "vigil-zookeeper-");
            Path config = dir.resolve("zoo.cfg");
            Properties zoo = Files.exists(config) ? WorkDirs.load(config) : configure(dir, config);
            int clientPort = Integer.parseInt(zoo.getProperty("clientPort"));

            ChildJvm.Builder server =
                    ChildJvm.builder("zookeeper", MAIN)
                            .classPath(classPath)
                            .jvmArgs(
                                    "-Xmx128m",
                                    "-XX:+ExitOnOutOfMemoryError",
                                    // log4j2's default configuration, to the console (the log).
                                    "-Dlog4j2.level=INFO")
                            .args(config.toString())
                            .workDir(dir)
                            .logFile(dir.resolve("zookeeper.log"));
            if (outliveParent) {
                server.outliveParent();
            }
            if (workDir == null) {
                server.deleteWorkDirOnClose();
            }
            ChildJvm process = server.start();
            process.awaitReady(serving(clientPort), startTimeout);
            return new EmbeddedZooKeeper(process, clientPort);
        }

        /**
         * True once the server answers ZooKeeper's {@code srvr} command with its mode: it accepts
         * connections before it serves, and even when loading its data failed.
         */
        private static BooleanSupplier serving(int port) {
            return () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    socket.setSoTimeout(2_000);
                    socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
                    String answer =
                            new String(
                                    socket.getInputStream().readAllBytes(),
                                    StandardCharsets.US_ASCII);
                    return answer.contains("Mode: standalone");
                } catch (IOException e) {
                    return false;
                }
            };
        }

        private Properties configure(Path dir, Path config) {
            Properties zoo = new Properties();
            zoo.setProperty("dataDir", dir.resolve("data").toString());
            zoo.setProperty("clientPort", String.valueOf(port != 0 ? port : FreePorts.next()));
            zoo.setProperty("clientPortAddress", "127.0.0.1");
            // Sessions may last 1 to 20 s (2 and 40 ticks): Flink asks for 10 s (EmbeddedFlink).
            zoo.setProperty("tickTime", "500");
            zoo.setProperty("minSessionTimeout", "1000");
            zoo.setProperty("maxSessionTimeout", "20000");
            // Its admin HTTP server would take port 8080 on every interface.
            zoo.setProperty("admin.enableServer", "false");
            // A stack that runs for months: keep 3 snapshots and their logs, purge hourly.
            zoo.setProperty("autopurge.snapRetainCount", "3");
            zoo.setProperty("autopurge.purgeInterval", "1");
            WorkDirs.store(zoo, config, "EmbeddedZooKeeper");
            return zoo;
        }
    }
}

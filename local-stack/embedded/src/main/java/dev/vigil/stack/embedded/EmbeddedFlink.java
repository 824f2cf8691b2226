package dev.vigil.stack.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * A real Flink session cluster from Flink's own jars: a JobManager with its REST API and web UI,
 * and one TaskManager with {@code slots} slots, each in a child JVM on 127.0.0.1. Jobs are
 * submitted to it as to any cluster, through its REST API.
 *
 * <p>The work directory holds {@code conf/config.yaml}, {@code checkpoints/}, {@code savepoints/}
 * and the logs ({@code jobmanager.log}, {@code taskmanager.log}; their stdout in {@code .out}).
 * Starting again on the same work directory keeps the ports.
 */
public final class EmbeddedFlink implements AutoCloseable {
    private static final String JOB_MANAGER =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String UTILS_RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final String CLASSPATH_RECORD = "dev/vigil/stack/flink-cluster.classpath";
    private static final String MODULE = "local-stack/flink-cluster";

    /**
     * What Flink's distribution puts in {@code env.java.opts.all} for Java 17: its RPC, memory and
     * serialization code reaches into these JDK packages.
     */
    private static final List<String> JAVA_17_OPENS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /**
     * What a TaskManager needs beyond that ({@code env.java.opts.taskmanager}): the Vector API, for
     * the Wasm operator's letterbox kernel (scalar and ~0.6 ms slower per 640x640 frame without).
     */
    private static final List<String> TASK_MANAGER_OPTS =
            List.of("--add-modules=jdk.incubator.vector");

    /** Flink's processes log at INFO into the file their launcher names in {@code log.file}. */
    private static final String LOG_CONFIG =
            String.join(
                    "\n",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.file.ref = file",
                    "appender.file.type = File",
                    "appender.file.name = file",
                    "appender.file.fileName = ${sys:log.file}",
                    "appender.file.layout.type = PatternLayout",
                    "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                    "logger.kafka.name = org.apache.kafka",
                    "logger.kafka.level = WARN",
                    "");

    private final ChildJvm jobManager;
    private final ChildJvm taskManager;
    private final int restPort;
    private final Path workDir;

    private EmbeddedFlink(ChildJvm jobManager, ChildJvm taskManager, int restPort, Path workDir) {
        this.jobManager = jobManager;
        this.taskManager = taskManager;
        this.restPort = restPort;
        this.workDir = workDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The REST API and web UI, e.g. {@code http://127.0.0.1:8081}. */
    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    /** Where savepoints go unless a stop names another directory. */
    public Path savepointDir() {
        return workDir.resolve("savepoints");
    }

    public List<Long> pids() {
        return List.of(jobManager.pid(), taskManager.pid());
    }

    /** Stops the TaskManager, then the JobManager, waiting for both JVMs to exit. */
    @Override
    public void close() {
        try {
            taskManager.close();
        } finally {
            jobManager.close();
        }
    }

    /** Where and how to start the cluster. Defaults work for tests: a temp dir, free ports. */
    public static final class Builder {
        private Path workDir;
        private int restPort;
        private int slots = 2;
        private String taskManagerMemory = "2560m";
        private Duration startTimeout = Duration.ofSeconds(90);
        private boolean outliveParent;

        private Builder() {}

        /** Where the configuration, checkpoints, savepoints and logs go. Default: a temp dir. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** The REST and web UI port; 0 (default) reuses the work dir's, or picks a free one. */
        public Builder restPort(int restPort) {
            this.restPort = restPort;
            return this;
        }

        /** Task slots of the one TaskManager. Default 2. */
        public Builder slots(int slots) {
            this.slots = slots;
            return this;
        }

        /** The TaskManager's total process memory, as Flink's option takes it. Default 2560m. */
        public Builder taskManagerMemory(String taskManagerMemory) {
            this.taskManagerMemory = taskManagerMemory;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /** Keep running after this JVM exits (the {@code vigil stack} case). */
        public Builder outliveParent() {
            this.outliveParent = true;
            return this;
        }

        /** Starts the JobManager, then the TaskManager; returns once the slots are registered. */
        public EmbeddedFlink start() {
            Path dir = WorkDirs.orTemp(workDir, "vigil-flink-");
            Path conf = dir.resolve("conf");
            String classPath = BuildRecords.read(CLASSPATH_RECORD, MODULE);
            int rest = writeConfig(dir, conf);

            ChildJvm jobManager =
                    child("flink-jobmanager", JOB_MANAGER, classPath, dir)
                            .jvmArgs(
                                    jvmArgs(
                                            resourceParams(
                                                            classPath,
                                                            conf,
                                                            dir,
                                                            "GET_JM_RESOURCE_PARAMS")
                                                    .get(0),
                                            conf,
                                            dir.resolve("jobmanager.log")))
                            .args("--configDir", conf.toString())
                            .logFile(dir.resolve("jobmanager.out"))
                            .start();
            ChildJvm taskManager = null;
            try {
                jobManager.awaitReady(Probes.http(restUrl(rest) + "/config"), startTimeout);
                List<String> tmParams =
                        resourceParams(classPath, conf, dir, "GET_TM_RESOURCE_PARAMS");
                List<String> tmArgs = new ArrayList<>(List.of("--configDir", conf.toString()));
                tmArgs.addAll(split(tmParams.get(1)));
                taskManager =
                        child("flink-taskmanager", TASK_MANAGER, classPath, dir)
                                .jvmArgs(
                                        jvmArgs(
                                                tmParams.get(0),
                                                conf,
                                                dir.resolve("taskmanager.log")))
                                .jvmArgs(TASK_MANAGER_OPTS.toArray(String[]::new))
                                .args(tmArgs.toArray(String[]::new))
                                .logFile(dir.resolve("taskmanager.out"))
                                .start();
                taskManager.awaitReady(slotsRegistered(restUrl(rest), slots), startTimeout);
            } catch (RuntimeException e) {
                if (taskManager != null) {
                    taskManager.close();
                }
                jobManager.close();
                throw e;
            }
            return new EmbeddedFlink(jobManager, taskManager, rest, dir);
        }

        private ChildJvm.Builder child(String name, String main, String classPath, Path dir) {
            ChildJvm.Builder child = ChildJvm.builder(name, main).classPath(classPath).workDir(dir);
            if (outliveParent) {
                child.outliveParent();
            }
            return child;
        }

        /** Writes {@code conf/config.yaml} unless the work dir has one; returns the REST port. */
        private int writeConfig(Path dir, Path conf) {
            Path file = conf.resolve("config.yaml");
            Path ports = dir.resolve("ports.properties");
            try {
                Files.createDirectories(conf);
                Properties known = Files.exists(ports) ? WorkDirs.load(ports) : new Properties();
                int rest =
                        restPort != 0
                                ? restPort
                                : Integer.parseInt(
                                        known.getProperty(
                                                "rest", String.valueOf(FreePorts.next())));
                int rpc =
                        Integer.parseInt(
                                known.getProperty("rpc", String.valueOf(FreePorts.next())));
                known.setProperty("rest", String.valueOf(rest));
                known.setProperty("rpc", String.valueOf(rpc));
                WorkDirs.store(known, ports, "EmbeddedFlink");
                Map<String, String> config = new LinkedHashMap<>();
                config.put("jobmanager.rpc.address", "127.0.0.1");
                config.put("jobmanager.rpc.port", String.valueOf(rpc));
                config.put("jobmanager.bind-host", "127.0.0.1");
                config.put("jobmanager.memory.process.size", "1024m");
                config.put("rest.address", "127.0.0.1");
                config.put("rest.bind-address", "127.0.0.1");
                config.put("rest.port", String.valueOf(rest));
                config.put("taskmanager.host", "127.0.0.1");
                config.put("taskmanager.bind-host", "127.0.0.1");
                config.put("taskmanager.numberOfTaskSlots", String.valueOf(slots));
                config.put("taskmanager.memory.process.size", taskManagerMemory);
                // Guests' linear memory is direct memory (wasm-operator's DirectMemory), which
                // Flink's MaxDirectMemorySize counts as task off-heap: per slot, a pool of 2
                // instances of up to 128 MiB, one of them briefly twice while it grows. Managed
                // memory serves RocksDB and batch jobs, neither of which runs here.
                config.put("taskmanager.memory.task.off-heap.size", "640m");
                config.put("taskmanager.memory.managed.size", "128m");
                config.put("parallelism.default", String.valueOf(slots));
                config.put(
                        "execution.checkpointing.dir",
                        dir.resolve("checkpoints").toUri().toString());
                config.put(
                        "execution.checkpointing.savepoint-dir",
                        dir.resolve("savepoints").toUri().toString());
                config.put("env.java.opts.all", String.join(" ", JAVA_17_OPENS));
                config.put("env.java.opts.taskmanager", String.join(" ", TASK_MANAGER_OPTS));
                // A JNI library loads once per JVM; from the job jar it would load again with each
                // job's class loader, and a second copy of ONNX Runtime crashes the TaskManager.
                config.put("classloader.parent-first-patterns.additional", "ai.onnxruntime.");
                StringBuilder yaml = new StringBuilder("# Written by Vigil's EmbeddedFlink.\n");
                config.forEach(
                        (key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
                Files.writeString(file, yaml);
                Files.writeString(conf.resolve("log4j.properties"), LOG_CONFIG);
                return rest;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write " + file, e);
            }
        }

        /**
         * Asks Flink's own {@code BashJavaUtils} for the JVM memory flags (first line) and the
         * dynamic options (second line) of a process, as Flink's start scripts do.
         */
        private static List<String> resourceParams(
                String classPath, Path conf, Path dir, String command) {
            Path log = dir.resolve(command.toLowerCase() + ".out");
            try {
                // Child logs are appended to: the results of an earlier start must not be read.
                Files.deleteIfExists(log);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not delete " + log, e);
            }
            ChildJvm.builder("flink-" + command, JAVA_UTILS)
                    .classPath(classPath)
                    .jvmArgs("-Xmx128m")
                    .args(command, "--configDir", conf.toString())
                    .workDir(dir)
                    .logFile(log)
                    .start()
                    .awaitSuccess(Duration.ofSeconds(60));
            try {
                List<String> results =
                        Files.readAllLines(log).stream()
                                .filter(line -> line.startsWith(UTILS_RESULT))
                                .map(line -> line.substring(UTILS_RESULT.length()).trim())
                                .toList();
                if (results.isEmpty()) {
                    throw new EmbeddedStackException(
                            "Flink's BashJavaUtils " + command + " printed no result; see " + log);
                }
                return results;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + log, e);
            }
        }

        private static String[] jvmArgs(String memoryFlags, Path conf, Path logFile) {
            List<String> args = new ArrayList<>(split(memoryFlags));
            args.add("-Dlog.file=" + logFile);
            args.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
            args.addAll(JAVA_17_OPENS);
            args.add("-XX:+ExitOnOutOfMemoryError");
            args.add("-Djava.awt.headless=true");
            return args.toArray(String[]::new);
        }

        private static List<String> split(String line) {
            return Arrays.stream(line.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        }

        private static String restUrl(int port) {
            return "http://127.0.0.1:" + port;
        }

        /** True once the REST API's overview counts {@code slots} slots. */
        private static BooleanSupplier slotsRegistered(String rest, int slots) {
            return () -> {
                String overview = Probes.get(rest + "/overview");
                return overview != null && overview.contains("\"slots-total\":" + slots);
            };
        }
    }
}

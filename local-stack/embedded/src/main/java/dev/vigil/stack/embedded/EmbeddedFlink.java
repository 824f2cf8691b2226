package dev.vigil.stack.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * and one or more TaskManagers ({@link Builder#taskManagers(int)}) with {@code slots} slots each,
 * each in a child JVM on 127.0.0.1. Jobs are submitted to it as to any cluster, through its REST
 * API; their default parallelism is every slot of the cluster.
 *
 * <p>The work directory holds {@code conf/config.yaml}, {@code checkpoints/} (the last three of
 * each job are retained, also when it is cancelled), {@code savepoints/}, {@code ha/} (with {@link
 * Builder#zooKeeper(String)}) and the logs ({@code jobmanager.log}, {@code taskmanager.log} for the
 * first TaskManager, {@code taskmanager-<i>.log} for the others; their stdout in {@code .out}).
 * Each TaskManager has its own temporary directory, {@code taskmanager-<i>/tmp} (its {@code
 * io.tmp.dirs} and {@code java.io.tmpdir}, so also its model cache), as on separate machines.
 * Starting again on the same work directory keeps the ports.
 *
 * <p>Tests of process loss kill either process ({@link #killJobManager()}, {@link
 * #killTaskManager()}) and start a replacement on the same configuration and ports.
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
    private static final String PROMETHEUS_RECORD =
            "dev/vigil/stack/flink-prometheus-plugin.classpath";

    /** Where Flink's plugin manager looks, relative to the processes' working directory. */
    private static final String PROMETHEUS_PLUGIN_DIR = "plugins/metrics-prometheus";

    /**
     * What Flink's distribution puts in {@code env.java.opts.all} for Java 17: its RPC, memory and
     * serialization code reaches into these JDK packages.
     */
    static final List<String> JAVA_17_OPENS =
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

    /** The Kafka sink's committer, whose ERRORs the stack logs as WARN (below). */
    static final String KAFKA_COMMITTER =
            "org.apache.flink.connector.kafka.sink.internal.KafkaCommitter";

    /**
     * Flink's processes log at INFO into the file their launcher names in {@code log.file} ({@link
     * FlinkLogConfig#FILE}).
     *
     * <p>Every restore from a stop-with-savepoint makes the Kafka sink's committer retry the
     * transactions recorded in the savepoint, which the stopped job had already committed; the
     * restored writers have reused their ids since, so the broker answers {@code
     * ProducerFencedException} and the committer logs one ERROR per transaction ("most likely
     * signals data loss") before it counts it as committed. There is no loss (UpgradeITCase,
     * JobCommandITCase), so the committer's ERRORs go to the log as WARN, the text unchanged; a
     * real fault of a commit still fails the job (docs/OPERATIONS.md, "Savepoint restores").
     */
    private static final String LOG_CONFIG =
            FlinkLogConfig.FILE
                    + String.join(
                            "\n",
                            "logger.kafka.name = org.apache.kafka",
                            "logger.kafka.level = WARN",
                            "appender.committer.type = Rewrite",
                            "appender.committer.name = committer",
                            "appender.committer.appenderRef.type = AppenderRef",
                            "appender.committer.appenderRef.ref = file",
                            "appender.committer.policy.type = LoggerNameLevelRewritePolicy",
                            "appender.committer.policy.logger = " + KAFKA_COMMITTER,
                            "appender.committer.policy.error.type = KeyValuePair",
                            "appender.committer.policy.error.key = ERROR",
                            "appender.committer.policy.error.value = WARN",
                            "logger.committer.name = " + KAFKA_COMMITTER,
                            "logger.committer.additivity = false",
                            "logger.committer.appenderRef.committer.ref = committer",
                            "");

    private final String classPath;
    private final Path workDir;
    private final int restPort;
    private final int jobManagerMetricsPort;
    private final List<Integer> taskManagerMetricsPorts;
    private final Duration startTimeout;
    private final boolean outliveParent;
    private ChildJvm jobManager;
    private final List<ChildJvm> taskManagers;

    private EmbeddedFlink(Builder builder, String classPath, Path workDir, Properties ports) {
        this.classPath = classPath;
        this.workDir = workDir;
        this.restPort = Integer.parseInt(ports.getProperty("rest"));
        this.jobManagerMetricsPort = Integer.parseInt(ports.getProperty("metrics-jobmanager"));
        this.taskManagerMetricsPorts = taskManagerMetricsPorts(ports);
        this.taskManagers = new ArrayList<>();
        taskManagerMetricsPorts.forEach(port -> taskManagers.add(null));
        this.startTimeout = builder.startTimeout;
        this.outliveParent = builder.outliveParent;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The REST API and web UI, e.g. {@code http://127.0.0.1:8081}. */
    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    /**
     * The Prometheus endpoints of the JobManager, then of each TaskManager (Flink's Prometheus
     * reporter, one port per process).
     */
    public List<String> metricsUrls() {
        return metricsUrls(jobManagerMetricsPort, taskManagerMetricsPorts);
    }

    /** How many TaskManagers the cluster has. */
    public int taskManagerCount() {
        return taskManagers.size();
    }

    /** The temporary directory of TaskManager {@code index}, where its model cache lies. */
    public Path taskManagerTmpDir(int index) {
        return tmpDir(workDir, index);
    }

    /** The Prometheus endpoints of the cluster started in {@code workDir}; empty if none was. */
    public static List<String> metricsUrls(Path workDir) {
        Path ports = workDir.resolve("ports.properties");
        if (!Files.exists(ports)) {
            return List.of();
        }
        Properties known = WorkDirs.load(ports);
        if (known.getProperty("metrics-jobmanager") == null) {
            return List.of();
        }
        return metricsUrls(
                Integer.parseInt(known.getProperty("metrics-jobmanager")),
                taskManagerMetricsPorts(known));
    }

    private static List<String> metricsUrls(int jobManager, List<Integer> taskManagers) {
        List<String> urls = new ArrayList<>();
        urls.add("http://127.0.0.1:" + jobManager + "/metrics");
        taskManagers.forEach(port -> urls.add("http://127.0.0.1:" + port + "/metrics"));
        return urls;
    }

    /** The TaskManagers' Prometheus ports as {@code ports.properties} records them, in order. */
    private static List<Integer> taskManagerMetricsPorts(Properties ports) {
        int count = Integer.parseInt(ports.getProperty("taskmanagers", "1"));
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            result.add(Integer.parseInt(ports.getProperty(metricsKey(i))));
        }
        return result;
    }

    /** The key of TaskManager {@code index}'s Prometheus port; the first keeps its old name. */
    private static String metricsKey(int index) {
        return index == 0 ? "metrics-taskmanager" : "metrics-taskmanager-" + index;
    }

    /** The name of TaskManager {@code index}'s logs and directory; the first keeps its old one. */
    private static String taskManagerName(int index) {
        return index == 0 ? "taskmanager" : "taskmanager-" + index;
    }

    private static Path tmpDir(Path workDir, int index) {
        return workDir.resolve("taskmanager-" + index).resolve("tmp");
    }

    /** Where savepoints go unless a stop names another directory. */
    public Path savepointDir() {
        return workDir.resolve("savepoints");
    }

    /** Where each job's checkpoints go, as {@code <job id>/chk-<n>}; the last ones are retained. */
    public Path checkpointDir() {
        return workDir.resolve("checkpoints");
    }

    /** The JobManager's pid, then each TaskManager's. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>(List.of(jobManager.pid()));
        taskManagers.forEach(taskManager -> pids.add(taskManager.pid()));
        return pids;
    }

    /**
     * Kills the JobManager's JVM (SIGKILL: no shutdown, no handover) and waits until it is gone.
     * The TaskManager keeps running, and waits for a JobManager to come back.
     */
    public void killJobManager() {
        jobManager.kill();
    }

    /** Kills the first TaskManager's JVM (SIGKILL) and waits until it is gone. */
    public void killTaskManager() {
        killTaskManager(0);
    }

    /** Kills TaskManager {@code index}'s JVM (SIGKILL) and waits until it is gone. */
    public void killTaskManager(int index) {
        taskManagers.get(index).kill();
    }

    /**
     * Starts a JobManager on the cluster's configuration and ports, e.g. after {@link
     * #killJobManager()}; returns once its REST API answers as leader. With high availability it
     * recovers the jobs and checkpoints its predecessor registered in ZooKeeper, and the running
     * TaskManager finds it there; without, it starts with no jobs.
     */
    public void startJobManager() {
        if (jobManager != null && jobManager.isAlive()) {
            throw new IllegalStateException("The JobManager (pid " + jobManager.pid() + ") runs");
        }
        Path conf = workDir.resolve("conf");
        jobManager =
                child("flink-jobmanager", JOB_MANAGER)
                        .jvmArgs(
                                Builder.jvmArgs(
                                        Builder.resourceParams(
                                                        classPath,
                                                        conf,
                                                        workDir,
                                                        "GET_JM_RESOURCE_PARAMS")
                                                .get(0),
                                        conf,
                                        workDir.resolve("jobmanager.log")))
                        .args("--configDir", conf.toString())
                        .logFile(workDir.resolve("jobmanager.out"))
                        .start();
        // The REST handlers answer 200 only once this JobManager leads (503 during an election).
        jobManager.awaitReady(Probes.http(restUrl() + "/config"), startTimeout);
    }

    /**
     * Starts the first TaskManager on the cluster's configuration, e.g. a replacement after {@link
     * #killTaskManager()}; returns once the JobManager lists it with its slots.
     */
    public void startTaskManager() {
        startTaskManager(0);
    }

    /**
     * Starts TaskManager {@code index} on the cluster's configuration, its own ports and
     * directories; returns once the JobManager lists it with its slots.
     */
    public void startTaskManager(int index) {
        ChildJvm running = taskManagers.get(index);
        if (running != null && running.isAlive()) {
            throw new IllegalStateException(
                    "TaskManager " + index + " (pid " + running.pid() + ") runs");
        }
        Path tmp = tmpDir(workDir, index);
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + tmp, e);
        }
        String name = taskManagerName(index);
        Path conf = workDir.resolve("conf");
        List<String> tmParams =
                Builder.resourceParams(classPath, conf, workDir, "GET_TM_RESOURCE_PARAMS");
        // A fresh id per start: the JobManager may still list a killed predecessor for a while,
        // so "registered" must mean this one.
        String resourceId = name + "-" + System.currentTimeMillis();
        List<String> tmArgs = new ArrayList<>(List.of("--configDir", conf.toString()));
        tmArgs.addAll(Builder.split(tmParams.get(1)));
        tmArgs.addAll(List.of("-D", "taskmanager.resource-id=" + resourceId));
        // The configuration names the JobManager's port; each process needs its own.
        tmArgs.addAll(
                List.of("-D", "metrics.reporter.prom.port=" + taskManagerMetricsPorts.get(index)));
        // Its own spill, blob and model cache directories, as on a machine of its own.
        tmArgs.addAll(List.of("-D", "io.tmp.dirs=" + tmp));
        ChildJvm taskManager =
                child("flink-" + name, TASK_MANAGER)
                        .jvmArgs(
                                Builder.jvmArgs(
                                        tmParams.get(0), conf, workDir.resolve(name + ".log")))
                        .jvmArgs(TASK_MANAGER_OPTS.toArray(String[]::new))
                        .jvmArgs("-Djava.io.tmpdir=" + tmp)
                        .args(tmArgs.toArray(String[]::new))
                        .logFile(workDir.resolve(name + ".out"))
                        .start();
        taskManagers.set(index, taskManager);
        taskManager.awaitReady(registered(resourceId), startTimeout);
    }

    /** Stops the TaskManagers, then the JobManager, waiting for every JVM to exit. */
    @Override
    public void close() {
        try {
            for (ChildJvm taskManager : taskManagers) {
                if (taskManager != null) {
                    taskManager.close();
                }
            }
        } finally {
            if (jobManager != null) {
                jobManager.close();
            }
        }
    }

    private ChildJvm.Builder child(String name, String main) {
        ChildJvm.Builder child = ChildJvm.builder(name, main).classPath(classPath).workDir(workDir);
        if (outliveParent) {
            child.outliveParent();
        }
        return child;
    }

    /**
     * True once the REST API lists TaskManager {@code resourceId}: it registers with its slot
     * report, so its slots are known from then on.
     */
    private BooleanSupplier registered(String resourceId) {
        return () -> {
            String taskManagers = Probes.get(restUrl() + "/taskmanagers");
            return taskManagers != null && taskManagers.contains("\"id\":\"" + resourceId + "\"");
        };
    }

    /** Where and how to start the cluster. Defaults work for tests: a temp dir, free ports. */
    public static final class Builder {
        private Path workDir;
        private int restPort;
        private int jobManagerMetricsPort;
        private int taskManagerMetricsPort;
        private int taskManagers = 1;
        private int slots = 2;
        private String taskManagerMemory = "3456m";
        private Duration startTimeout = Duration.ofSeconds(90);
        private boolean outliveParent;
        private String zooKeeper;

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

        /**
         * The Prometheus ports of the JobManager and the first TaskManager (the others take the
         * ports after it); 0 (default) reuses the work dir's, or picks free ones.
         */
        public Builder metricsPorts(int jobManager, int taskManager) {
            this.jobManagerMetricsPort = jobManager;
            this.taskManagerMetricsPort = taskManager;
            return this;
        }

        /** Task slots of each TaskManager. Default 2. */
        public Builder slots(int slots) {
            this.slots = slots;
            return this;
        }

        /** How many TaskManager processes to start. Default 1. */
        public Builder taskManagers(int taskManagers) {
            if (taskManagers < 1) {
                throw new IllegalArgumentException(
                        "A cluster needs at least one TaskManager, not " + taskManagers);
            }
            this.taskManagers = taskManagers;
            return this;
        }

        /** The TaskManager's total process memory, as Flink's option takes it. Default 3456m. */
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

        /**
         * Uses ZooKeeper at {@code connectString} for high availability: the JobManager's
         * leadership, and the jobs and checkpoints a restarted JobManager recovers. Default: none.
         */
        public Builder zooKeeper(String connectString) {
            this.zooKeeper = connectString;
            return this;
        }

        /** Starts the JobManager, then the TaskManagers; returns once all slots are registered. */
        public EmbeddedFlink start() {
            Path dir = WorkDirs.orTemp(workDir, "vigil-flink-");
            String classPath = BuildRecords.read(CLASSPATH_RECORD, MODULE);
            Properties ports = writeConfig(dir, dir.resolve("conf"));
            installPrometheusReporter(dir);
            EmbeddedFlink flink = new EmbeddedFlink(this, classPath, dir, ports);
            try {
                flink.startJobManager();
                for (int i = 0; i < taskManagers; i++) {
                    flink.startTaskManager(i);
                }
            } catch (RuntimeException e) {
                flink.close();
                throw e;
            }
            return flink;
        }

        /**
         * Puts Flink's Prometheus reporter where Flink's plugin manager finds it, {@code
         * plugins/metrics-prometheus/} under the processes' working directory, as a Flink
         * distribution ships it: a plugin loads in its own class loader, off the cluster's class
         * path.
         */
        private static void installPrometheusReporter(Path dir) {
            Path jar = Path.of(BuildRecords.read(PROMETHEUS_RECORD, MODULE));
            Path plugin = dir.resolve(PROMETHEUS_PLUGIN_DIR);
            try {
                Files.createDirectories(plugin);
                Files.copy(
                        jar,
                        plugin.resolve(jar.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not copy " + jar + " to " + plugin, e);
            }
        }

        /** Writes {@code conf/config.yaml}; returns the ports, kept from an earlier start. */
        private Properties writeConfig(Path dir, Path conf) {
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
                known.setProperty(
                        "metrics-jobmanager",
                        port(jobManagerMetricsPort, known, "metrics-jobmanager"));
                known.setProperty("taskmanagers", String.valueOf(taskManagers));
                for (int i = 0; i < taskManagers; i++) {
                    known.setProperty(
                            metricsKey(i),
                            port(
                                    taskManagerMetricsPort == 0 ? 0 : taskManagerMetricsPort + i,
                                    known,
                                    metricsKey(i)));
                }
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
                // Task off-heap is the job's native memory (docs/OPERATIONS.md, "Memory"): the
                // guests' linear memory, direct buffers (per slot a pool of 2 instances of up to
                // 128 MiB, one briefly twice while it grows: 640m), and ONNX Runtime's own memory
                // outside every JVM limit (measured ~740 MiB for ppocr-det on the CPU: 768m).
                // Managed memory serves RocksDB and batch jobs, neither of which runs here.
                config.put("taskmanager.memory.task.off-heap.size", "1408m");
                config.put("taskmanager.memory.managed.size", "128m");
                // A job's parallelism follows the cluster's slots unless it sets its own.
                config.put("parallelism.default", String.valueOf(slots * taskManagers));
                config.put(
                        "execution.checkpointing.dir",
                        dir.resolve("checkpoints").toUri().toString());
                config.put(
                        "execution.checkpointing.savepoint-dir",
                        dir.resolve("savepoints").toUri().toString());
                // A job lost with its JobManager (no HA), or cancelled, can be resumed from its
                // last checkpoints: they stay on disk ('vigil job resume' finds them).
                config.put(
                        "execution.checkpointing.externalized-checkpoint-retention",
                        "RETAIN_ON_CANCELLATION");
                config.put("execution.checkpointing.num-retained", "3");
                config.putAll(highAvailability(dir));
                // Flink's Prometheus reporter (a plugin, installPrometheusReporter): the
                // JobManager's
                // port here, the TaskManager's as its dynamic option. Flink 2.2's reporter binds
                // every interface (it has no host option): docs/OPERATIONS.md, "Metrics".
                config.put(
                        "metrics.reporter.prom.factory.class",
                        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
                // Quoted: YAML would make the port a number, and the reporter reads its options
                // as strings (a number there leaves it on its default port, 9249).
                config.put(
                        "metrics.reporter.prom.port",
                        "'" + known.getProperty("metrics-jobmanager") + "'");
                config.put("env.java.opts.all", String.join(" ", JAVA_17_OPENS));
                config.put("env.java.opts.taskmanager", String.join(" ", TASK_MANAGER_OPTS));
                // A JNI library loads once per JVM; from the job jar it would load again with each
                // job's class loader, and a second copy of ONNX Runtime crashes the TaskManager.
                // Its environment and ImageIO's registry are created from the cluster's class path
                // too (cluster-lib), so that they keep no job's class loader (docs/OPERATIONS.md,
                // "Class loaders").
                config.put(
                        "classloader.parent-first-patterns.additional",
                        "ai.onnxruntime.;dev.vigil.lib.");
                StringBuilder yaml = new StringBuilder("# Written by Vigil's EmbeddedFlink.\n");
                config.forEach(
                        (key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
                Files.writeString(file, yaml);
                Files.writeString(conf.resolve("log4j.properties"), LOG_CONFIG);
                return known;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write " + file, e);
            }
        }

        /** {@code asked}, else the work dir's recorded port {@code name}, else a free one. */
        private static String port(int asked, Properties known, String name) {
            return asked != 0
                    ? String.valueOf(asked)
                    : known.getProperty(name, String.valueOf(FreePorts.next()));
        }

        /** Flink's ZooKeeper HA options, none without {@link #zooKeeper(String)}. */
        private Map<String, String> highAvailability(Path dir) {
            Map<String, String> ha = new LinkedHashMap<>();
            if (zooKeeper != null) {
                ha.put("high-availability.type", "zookeeper");
                ha.put("high-availability.zookeeper.quorum", zooKeeper);
                ha.put("high-availability.storageDir", dir.resolve("ha").toUri().toString());
                // A killed JobManager holds its leadership until its ZooKeeper session expires:
                // 10 s instead of 60 s brings a restarted one back sooner, and is still far
                // above any pause of a healthy local process.
                ha.put("high-availability.zookeeper.client.session-timeout", "10000");
                // The local server has no SASL: without this the client tries a JAAS login first
                // and logs an authentication error on every connection.
                ha.put("zookeeper.sasl.disable", "true");
            }
            return ha;
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
    }
}

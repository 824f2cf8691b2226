package dev.vigil.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil job submit|status|stop|upgrade|rescale|resume}: the inference job on any Flink
 * cluster.
 */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        subcommands = {
            JobCommand.Submit.class,
            JobCommand.Status.class,
            JobCommand.Stop.class,
            JobCommand.Upgrade.class,
            JobCommand.Rescale.class,
            JobCommand.Resume.class
        },
        description =
                "Submit, list, stop, upgrade, rescale and resume the inference job through Flink's"
                        + " REST API.")
final class JobCommand {
    private static final String MODELS_OPTION = "vigil.models";
    private static final String CHECKPOINT_DIR_OPTION = "execution.checkpointing.dir";
    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    /** Where submissions are recorded: taken by every command that submits or upgrades. */
    static final class StateDir {
        @Option(
                names = "--state-dir",
                description =
                        "Where submissions are recorded for upgrades (default: ${DEFAULT-VALUE}).")
        Path stateDir = Path.of(System.getProperty("user.home"), ".vigil");

        Submissions submissions() {
            return new Submissions(stateDir);
        }
    }

    /** The parallelism of a job to run: taken by every command that runs the jar. */
    static final class Parallelism {
        @Option(
                names = "--parallelism",
                description =
                        "Parallelism of the job (default: the cluster's parallelism.default, or"
                                + " for upgrade the running job's; at most the job's"
                                + " pipeline.max-parallelism, 128 unless set).")
        Integer parallelism;

        /** The parallelism asked for, else the cluster's default: Flink's jar run would use 1. */
        int of(FlinkRest flink) {
            return parallelism != null ? parallelism : flink.defaultParallelism();
        }

        /** The parallelism asked for, else that of {@code jobId}, which is still running. */
        int ofRunning(FlinkRest flink, String jobId) {
            return parallelism != null ? parallelism : flink.parallelism(jobId);
        }
    }

    /** The options every subcommand takes. */
    static final class Cluster {
        @Option(
                names = "--flink-url",
                defaultValue = "http://127.0.0.1:8081",
                description = "REST URL of the Flink JobManager (default: ${DEFAULT-VALUE}).")
        String url;

        @Mixin StateDir state;

        FlinkRest flink() {
            return new FlinkRest(url);
        }

        Submissions submissions() {
            return state.submissions();
        }

        /** {@code jobId} when given, else the job submitted last from here. */
        String jobOrLatest(String jobId) {
            if (jobId != null) {
                return jobId;
            }
            return submissions()
                    .latest()
                    .orElseThrow(
                            () ->
                                    new CliException(
                                            "No job was submitted from here: give its id with"
                                                    + " --job."));
        }
    }

    @Command(
            name = "submit",
            description = "Upload the job jar and run it; the options after -- go to the job.")
    static final class Submit implements Callable<Integer> {
        @Mixin Cluster job;

        @Mixin Parallelism parallelism;

        @Option(
                names = "--jar",
                required = true,
                description = "The job jar (vigil-flink-job-*-job.jar).")
        Path jar;

        @Parameters(description = "Job options, e.g. --vigil.models detector:ppocr-det@4")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            FlinkRest flink = job.flink();
            int tasks = parallelism.of(flink);
            String jobId = flink.run(flink.upload(jar), args, tasks, null);
            job.submissions().record(jobId, jar, args);
            flink.awaitRunning(jobId, START_TIMEOUT);
            System.out.println("submitted job " + jobId + " at parallelism " + tasks);
            return 0;
        }
    }

    @Command(
            name = "resume",
            description =
                    "Run a job that its cluster lost (a JobManager without high availability,"
                        + " restarted with no jobs) or that was cancelled, again from its latest"
                        + " retained checkpoint: the same jar and options as submitted, the same"
                        + " state and Kafka offsets.")
    static final class Resume implements Callable<Integer> {
        /** States in which the cluster still runs the job, or will by itself. */
        private static final Set<String> ALIVE =
                Set.of("INITIALIZING", "CREATED", "RUNNING", "RESTARTING", "RECONCILING");

        @Mixin Cluster job;

        @Mixin Parallelism parallelism;

        @Option(
                names = "--job",
                description = "The lost job's id (default: the latest submitted from here).")
        String jobId;

        @Option(
                names = "--jar",
                description = "The job jar (default: the one it was submitted with).")
        Path jar;

        @Option(
                names = "--checkpoint-dir",
                description =
                        "Where the cluster keeps checkpoints (default: the cluster's"
                                + " execution.checkpointing.dir).")
        String checkpointDir;

        @Option(
                names = "--checkpoint",
                description = "Resume from this checkpoint (chk-<n>) instead of the latest.")
        String checkpoint;

        @Parameters(description = "The job's options, when it was not submitted from here.")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            FlinkRest flink = job.flink();
            Submissions submissions = job.submissions();
            String lost = job.jobOrLatest(jobId);
            for (FlinkRest.Job known : flink.jobs()) {
                if (known.id().equals(lost) && ALIVE.contains(known.state())) {
                    throw new CliException(
                            "Job "
                                    + lost
                                    + " is "
                                    + known.state()
                                    + " on "
                                    + job.url
                                    + ": there is nothing to resume.");
                }
            }
            String from = checkpoint != null ? checkpoint : latestCheckpoint(flink, lost);
            Path jobJar =
                    jar != null
                            ? jar
                            : submissions
                                    .jar(lost)
                                    .orElseThrow(
                                            () ->
                                                    new CliException(
                                                            "The record of job "
                                                                    + lost
                                                                    + " names no jar: give it with"
                                                                    + " --jar."));
            List<String> options = args.isEmpty() ? submissions.args(lost) : args;
            String next = flink.run(flink.upload(jobJar), options, parallelism.of(flink), from);
            submissions.record(next, jobJar, options);
            flink.awaitRunning(next, START_TIMEOUT);
            System.out.println("resumed job " + lost + " as job " + next + " from " + from);
            return 0;
        }

        private String latestCheckpoint(FlinkRest flink, String lost) {
            String dir = checkpointDir;
            if (dir == null) {
                dir = flink.config().get(CHECKPOINT_DIR_OPTION);
                if (dir == null) {
                    throw new CliException(
                            "The cluster at "
                                    + job.url
                                    + " sets no "
                                    + CHECKPOINT_DIR_OPTION
                                    + ": give the checkpoint directory with --checkpoint-dir.");
                }
            }
            RetainedCheckpoints checkpoints = RetainedCheckpoints.in(dir);
            return checkpoints
                    .latest(lost)
                    .map(chk -> chk.toUri().toString())
                    .orElseThrow(
                            () ->
                                    new CliException(
                                            "No complete checkpoint of job "
                                                    + lost
                                                    + " in "
                                                    + checkpoints.dir().resolve(lost)
                                                    + ": was it checkpointing, with"
                                                    + " externalized checkpoints retained?"));
        }
    }

    @Command(name = "status", description = "List the cluster's jobs with their state.")
    static final class Status implements Callable<Integer> {
        @Mixin Cluster job;

        @Override
        public Integer call() {
            List<FlinkRest.Job> jobs = job.flink().jobs();
            if (jobs.isEmpty()) {
                System.out.println("No jobs on " + job.url + ".");
            }
            jobs.forEach(j -> System.out.printf("%s  %-10s %s%n", j.id(), j.state(), j.name()));
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop a job with a savepoint and print where it is.")
    static final class Stop implements Callable<Integer> {
        @Mixin Cluster job;

        @Option(
                names = "--job",
                required = true,
                description = "The job id (see 'vigil job status').")
        String jobId;

        @Option(
                names = "--savepoint-dir",
                description = "Where the savepoint goes (default: the cluster's savepoint dir).")
        String savepointDir;

        @Override
        public Integer call() {
            String savepoint =
                    job.flink().stopWithSavepoint(jobId, savepointDir, SAVEPOINT_TIMEOUT);
            System.out.println("stopped job " + jobId + " with savepoint " + savepoint);
            return 0;
        }
    }

    @Command(
            name = "rescale",
            description =
                    "Run a job at another parallelism through a savepoint: stop it with a"
                        + " savepoint, then run the same jar with the same options from it at the"
                        + " new parallelism. Keyed state (each source's tracks) moves with its keys"
                        + " to the new subtasks.")
    static final class Rescale implements Callable<Integer> {
        @Mixin Cluster job;

        @Option(
                names = "--job",
                description = "The running job's id (default: the latest submitted from here).")
        String jobId;

        @Option(
                names = "--parallelism",
                required = true,
                description =
                        "The new parallelism: at most the job's pipeline.max-parallelism and the"
                                + " cluster's slots.")
        int parallelism;

        @Option(
                names = "--jar",
                description = "The job jar (default: the one it was submitted with).")
        Path jar;

        @Option(names = "--savepoint-dir", description = "Where the savepoint goes.")
        String savepointDir;

        @Override
        public Integer call() {
            FlinkRest flink = job.flink();
            Submissions submissions = job.submissions();
            String running = job.jobOrLatest(jobId);
            Path jobJar =
                    jar != null
                            ? jar
                            : submissions
                                    .jar(running)
                                    .orElseThrow(
                                            () ->
                                                    new CliException(
                                                            "The record of job "
                                                                    + running
                                                                    + " names no jar: give it with"
                                                                    + " --jar."));
            checkFits(flink, running);
            String jarId = flink.upload(jobJar);
            List<String> options = submissions.args(running);
            String savepoint = flink.stopWithSavepoint(running, savepointDir, SAVEPOINT_TIMEOUT);
            System.out.println("stopped job " + running + " with savepoint " + savepoint);
            String next = flink.run(jarId, options, parallelism, savepoint);
            submissions.record(next, jobJar, options);
            flink.awaitRunning(next, START_TIMEOUT);
            System.out.println(
                    "rescaled: job "
                            + next
                            + " runs at parallelism "
                            + parallelism
                            + " from "
                            + savepoint);
            return 0;
        }

        /** Refuses, before anything is stopped, a parallelism the state or cluster cannot take. */
        private void checkFits(FlinkRest flink, String running) {
            if (parallelism < 1) {
                throw new CliException("--parallelism must be at least 1, not " + parallelism);
            }
            int max = flink.maxParallelism(running);
            if (parallelism > max) {
                throw new CliException(
                        "Job "
                                + running
                                + " has max parallelism "
                                + max
                                + " (pipeline.max-parallelism, fixed with its state): it cannot"
                                + " run at "
                                + parallelism
                                + ". Start a new job without its state to go beyond.");
            }
            int slots = flink.totalSlots();
            if (parallelism > slots) {
                throw new CliException(
                        "The cluster at "
                                + job.url
                                + " has "
                                + slots
                                + " task slots, fewer than parallelism "
                                + parallelism
                                + ": add TaskManagers first (vigil stack up --taskmanagers N).");
            }
        }
    }

    @Command(
            name = "upgrade",
            description =
                    "Switch a running job to other model versions through a savepoint: stop it with"
                        + " a savepoint, then run the same jar with the same options, but the new"
                        + " models, from it.")
    static final class Upgrade implements Callable<Integer> {
        @Mixin Cluster job;

        @Mixin Parallelism parallelism;

        @Option(names = "--job", required = true, description = "The running job's id.")
        String jobId;

        @Option(
                names = "--model",
                required = true,
                description = "GUEST_NAME=MODEL@VERSION, e.g. detector=ppocr-det@4; repeatable.")
        Map<String, String> models = new LinkedHashMap<>();

        @Option(
                names = "--jar",
                required = true,
                description = "The job jar to run from the savepoint.")
        Path jar;

        @Option(names = "--savepoint-dir", description = "Where the savepoint goes.")
        String savepointDir;

        @Parameters(description = "The job's options, when it was not submitted from here.")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            FlinkRest flink = job.flink();
            List<String> options =
                    withModels(args.isEmpty() ? job.submissions().args(jobId) : args, models);
            String jarId = flink.upload(jar);
            // An upgrade changes models, not the job's scale: it keeps the running job's.
            int tasks = parallelism.ofRunning(flink, jobId);
            String savepoint = flink.stopWithSavepoint(jobId, savepointDir, SAVEPOINT_TIMEOUT);
            System.out.println("stopped job " + jobId + " with savepoint " + savepoint);
            String next = flink.run(jarId, options, tasks, savepoint);
            job.submissions().record(next, jar, options);
            flink.awaitRunning(next, START_TIMEOUT);
            System.out.println("upgraded: job " + next + " runs " + models + " from " + savepoint);
            return 0;
        }

        /** {@code args} with the value of {@code --vigil.models} merged with the replacements. */
        static List<String> withModels(List<String> args, Map<String, String> replacements) {
            List<String> updated = new ArrayList<>(args);
            int at = updated.indexOf("--" + MODELS_OPTION);
            if (at < 0) {
                updated.add("--" + MODELS_OPTION);
                updated.add(merged(null, replacements));
            } else {
                updated.set(at + 1, merged(updated.get(at + 1), replacements));
            }
            return updated;
        }

        /** The job's model map ("a:x@1,b:y@2") with the given names replaced or added. */
        static String merged(String current, Map<String, String> replacements) {
            Map<String, String> models = new LinkedHashMap<>();
            if (current != null && !current.isBlank()) {
                for (String entry : current.split(",")) {
                    int colon = entry.indexOf(':');
                    models.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
                }
            }
            models.putAll(replacements);
            return models.entrySet().stream()
                    .map(e -> e.getKey() + ":" + e.getValue())
                    .collect(Collectors.joining(","));
        }
    }
}

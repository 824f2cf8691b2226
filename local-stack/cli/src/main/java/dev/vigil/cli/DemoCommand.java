package dev.vigil.cli;

import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.topics.TopicProvisioner;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil demo}: the whole pipeline on this machine. Brings the local stack up (or uses the
 * one running), applies the topic catalogue, imports the models, submits the job through Flink's
 * REST API as to any cluster, produces frames of synthetic cameras, prints alerts as they arrive,
 * waits until every frame has its detection record, and ends with one summary line. Stops what it
 * started, unless {@code --keep}.
 *
 * <p>The job reads plates: guest {@value #GUEST} with the PaddleOCR detector and recogniser, and a
 * watchlist of the plate the first camera shows on every other car ({@link
 * ProduceCommand#WATCHED_PLATE}), so both the persistence and the watchlist rule alert.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the whole pipeline locally: stack up, topics, models, the plate-reading job,"
                    + " synthetic cameras with number plates; print plates read and alerts as they"
                    + " arrive and end with 'demo: frames=N detections=N alerts=N dlq=N lost=N"
                    + " plates_read=K/P' (lost: frames with neither a detection record nor a dead"
                    + " letter; K of the P plates shown read exactly). Exit code 0 when lost=0,"
                    + " alerts > 0 and K >= 0.9 P.")
final class DemoCommand implements Callable<Integer> {
    private static final String JOB_NAME = "vigil-inference";
    static final String GUEST = "bundled:text-read";
    static final String MODELS = "detector:ppocr-det@4,recogniser:ppocr-rec@4";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration CANCEL_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofMillis(200);

    @Option(
            names = "--duration",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long the cameras film (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--cameras",
            defaultValue = "3",
            description = "Synthetic cameras (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(
            names = "--fps",
            defaultValue = "1",
            description = "Frames per second per camera (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(
            names = "--size",
            defaultValue = "640x480",
            description = "Frame size (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(
            names = "--keep",
            description =
                    "Leave the stack and the job running (stop them with 'vigil stack down').")
    boolean keep;

    @Option(
            names = "--render",
            paramLabel = "DIR",
            description = "Also write a PNG of each alert's frame with its boxes into DIR.")
    Path render;

    @Option(
            names = "--drain-timeout",
            defaultValue = "3m",
            converter = DurationConverter.class,
            description =
                    "How long to wait, after the last frame, for the job to catch up (default:"
                            + " ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(
            names = "--sensors",
            defaultValue = "0",
            description =
                    "Run the sensor demo instead: this many synthetic machines (plant/motor-1"
                            + " healthy, the others with injected faults), the anomaly job, and"
                            + " the anomalies it found against those injected.")
    int sensors;

    @Option(names = "--jar", description = "The job jar (default: the one built with this CLI).")
    Path jar;

    @Option(
            names = "--repository",
            description = "Model repository the job loads from (default: ${DEFAULT-VALUE}).")
    Path repository = NnSettings.builder().build().repository();

    @Mixin StackCommand.Dir stackDir;
    @Mixin StackCommand.PortOptions ports;
    @Mixin JobCommand.StateDir state;

    @Override
    public Integer call() throws Exception {
        Path jobJar = jar != null ? jar : builtJobJar();
        LocalStack stack = LocalStack.read(stackDir.dir);
        boolean startedStack = !stack.running();
        if (startedStack) {
            say("starting the local stack in " + stackDir.dir + " (Kafka, registry, Flink) ...");
            stack = LocalStack.start(stackDir.dir, ports.ports(), ports.taskManagers);
        } else {
            say("using the stack already running in " + stackDir.dir);
        }
        stack.parts().forEach(part -> say(part.line()));
        KafkaEndpoint kafka = new KafkaEndpoint(stack.url("kafka"), stack.url("registry"), "");
        FlinkRest flink = new FlinkRest(stack.url("flink"));
        String jobId = null;
        try {
            applyTopics(kafka);
            List<?> models = ModelsCommand.importAll(new ModelRepository(repository));
            say("imported " + models.size() + " models into " + repository.toAbsolutePath());
            if (sensors > 0) {
                SensorDemo demo =
                        new SensorDemo(kafka, flink, state.submissions(), DemoCommand::say);
                jobId = demo.job(jobJar, repository);
                return demo.run(sensors, drainTimeout);
            }
            jobId = runningJob(flink);
            if (jobId == null) {
                jobId = submit(flink, jobJar, kafka);
            } else {
                requireDemoGuest(state.submissions(), jobId);
            }
            say("the job " + jobId + " runs: web UI " + stack.url("flink") + "/#/job/running");
            Outcome outcome = run(kafka);
            DemoTally tally = outcome.tally();
            say("(" + tally.detections() + " detection records held " + tally.boxes() + " boxes)");
            System.out.println(tally.summary(outcome.sent()));
            if (outcome.zone() != null) {
                System.out.println(outcome.zone().summary());
            }
            return tally.lost(outcome.sent()) == 0
                            && tally.alerts() > 0
                            && tally.readEnough(outcome.sent())
                            && (outcome.zone() == null || outcome.zone().outside() == 0)
                    ? 0
                    : 1;
        } finally {
            if (keep) {
                say(
                        "left running: job "
                                + jobId
                                + " and the stack in "
                                + stackDir.dir
                                + " ('vigil job stop --job "
                                + jobId
                                + "', 'vigil stack down')");
            } else {
                // Cancelled also when the stack stops: with HA on, a job the stack merely stopped
                // under is revived by its next start, holding slots the next demo needs.
                try {
                    if (jobId != null) {
                        flink.cancel(jobId, CANCEL_TIMEOUT);
                        say("cancelled job " + jobId);
                    }
                } finally {
                    if (startedStack) {
                        stack.stop();
                        say("stopped the stack");
                    }
                }
            }
        }
    }

    /** The frames sent per source, and what came out for them. */
    private record Outcome(Map<String, Long> sent, DemoTally tally, DemoZone zone) {}

    /** Produces on a second thread while this one reads the outputs, then drains them. */
    private Outcome run(KafkaEndpoint kafka) throws InterruptedException {
        // Sequences this run's cameras have never used: frames an earlier run left in the topic
        // (and their detections) are then not taken for this run's. Starting on a car's first
        // frame, every plate but the last is shown all the way across.
        long now = System.currentTimeMillis();
        long firstSequence = now + Math.floorMod(-now, SyntheticCamera.FRAMES_PER_CAR);
        List<SyntheticCamera> fleet = ProduceCommand.syntheticCameras(cameras, size);
        DemoTally tally = new DemoTally(firstSequence, fleet, DemoCommand::say);
        // With two cameras or more, the last gets a zone (the first shows the watched plate).
        DemoZone zone =
                fleet.size() < 2
                        ? null
                        : new DemoZone(fleet.get(fleet.size() - 1).sourceId(), firstSequence);
        if (zone != null) {
            SourcesCommand.produce(kafka, zone.sourceId(), DemoZone.config());
            say(
                    "zone '"
                            + DemoZone.NAME
                            + "' (the road) on "
                            + zone.sourceId()
                            + ": its alerts outside it stop ('vigil sources get "
                            + zone.sourceId()
                            + "')");
        }
        AlertPrinter printer = new AlertPrinter(AlertFormat.PRETTY);
        try (AlertRenderer renderer = render == null ? null : new AlertRenderer(render);
                OutputReader reader = OutputReader.open(kafka, render != null, false)) {
            OutputReader.Listener zoned = zone == null ? OutputReader.Listener.all() : zone;
            OutputReader.Listener listener =
                    renderer == null
                            ? OutputReader.Listener.all(tally, printer, zoned)
                            : OutputReader.Listener.all(tally, printer, renderer, zoned);
            say(String.format("producing %s of %d cameras at %s fps ...", duration, cameras, fps));
            CompletableFuture<Map<String, Long>> sent =
                    CompletableFuture.supplyAsync(
                            () ->
                                    new FrameProducer(kafka)
                                            .run(
                                                    fleet,
                                                    new FrameProducer.Plan(
                                                            fps,
                                                            0,
                                                            duration,
                                                            firstSequence,
                                                            FrameProducer.DEFAULT_GIVE_UP),
                                                    new ProgressBar(System.out, false)));
            while (!sent.isDone()) {
                reader.poll(POLL, listener);
            }
            Map<String, Long> frames = result(sent);
            say("all frames sent; waiting for the job to finish them ...");
            long deadline = System.nanoTime() + drainTimeout.toNanos();
            while (tally.lost(frames) > 0 && System.nanoTime() < deadline) {
                reader.poll(POLL, listener);
            }
            // Alerts are written without a transaction: give the last ones a moment.
            reader.poll(Duration.ofSeconds(1), listener);
            return new Outcome(frames, tally, zone);
        }
    }

    private static Map<String, Long> result(CompletableFuture<Map<String, Long>> sent)
            throws InterruptedException {
        try {
            return sent.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new CliException("Producing frames failed: " + e.getCause());
        }
    }

    private void applyTopics(KafkaEndpoint kafka) {
        try (TopicProvisioner topics = TopicProvisioner.connect(kafka.settings())) {
            say("topics:\n" + topics.apply().render());
        }
    }

    /** The id of a job of ours already running there (a demo left with --keep), or null. */
    private static String runningJob(FlinkRest flink) {
        return flink.jobs().stream()
                .filter(job -> job.name().equals(JOB_NAME) && job.state().equals("RUNNING"))
                .map(FlinkRest.Job::id)
                .findFirst()
                .orElse(null);
    }

    /**
     * A job left running by an earlier {@code demo --keep} with another guest (one that reads no
     * plates) would make this demo fail with plates_read=0 and no reason the user could see, so it
     * is refused with one. Its models may differ (a {@code job upgrade} of the demo's job is still
     * the demo's job); a job whose options were not recorded here is used as it is.
     */
    static void requireDemoGuest(Submissions submissions, String jobId) {
        if (!submissions.has(jobId)) {
            return;
        }
        List<String> args = submissions.args(jobId);
        int at = args.indexOf("--vigil.guest");
        String guest = at >= 0 && at + 1 < args.size() ? args.get(at + 1) : "(none given)";
        if (!guest.equals(GUEST)) {
            throw new CliException(
                    "The job "
                            + jobId
                            + " already running on this stack (left by an earlier 'demo --keep'?)"
                            + " runs guest "
                            + guest
                            + ", not this demo's "
                            + GUEST
                            + ", so it would read no plates. Cancel it (./vigil flink cancel "
                            + jobId
                            + ") or take the stack down (./vigil stack down) and run the demo"
                            + " again.");
        }
    }

    private String submit(FlinkRest flink, Path jobJar, KafkaEndpoint kafka) {
        say("submitting " + jobJar + " to " + stackDir.dir + "'s Flink cluster ...");
        return submitOnStack(
                flink,
                state.submissions(),
                jobJar,
                kafka,
                repository,
                List.of(
                        "--vigil.guest",
                        GUEST,
                        "--vigil.models",
                        MODELS,
                        "--vigil.watchlist",
                        ProduceCommand.WATCHED_PLATE,
                        "--vigil.watchlist.max-edits",
                        "1"));
    }

    /**
     * Runs a demo's job on the stack's cluster with the stack's Kafka, registry and model
     * repository and the job's {@code own} options, records it for upgrades and waits for it to
     * run. Detections become visible as their transactions commit, on checkpoints: every 2 s here.
     */
    static String submitOnStack(
            FlinkRest flink,
            Submissions submissions,
            Path jobJar,
            KafkaEndpoint kafka,
            Path repository,
            List<String> own) {
        List<String> args = new ArrayList<>();
        args.addAll(
                List.of(
                        "--vigil.kafka.bootstrap-servers",
                        kafka.bootstrapServers,
                        "--vigil.schema-registry.url",
                        kafka.registryUrl,
                        "--vigil.model-repository",
                        repository.toAbsolutePath().toString(),
                        "--execution.checkpointing.interval",
                        "2 s"));
        args.addAll(own);
        String jobId = flink.run(flink.upload(jobJar), args, flink.defaultParallelism(), null);
        submissions.record(jobId, jobJar, args);
        flink.awaitRunning(jobId, START_TIMEOUT);
        return jobId;
    }

    /** The job jar the build put next to this CLI's classes (local-stack/cli/target/job). */
    private static Path builtJobJar() throws URISyntaxException {
        Path classes =
                Path.of(
                        DemoCommand.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        Path jar = classes.getParent().resolve("job").resolve("vigil-flink-job.jar");
        if (!Files.isRegularFile(jar)) {
            throw new CliException(
                    "No job jar at "
                            + jar
                            + ": build it with './mvnw -pl local-stack/cli -am package"
                            + " -DskipTests' (./vigil does), or give --jar.");
        }
        return jar;
    }

    private static void say(String line) {
        System.out.println("demo: " + line);
    }
}

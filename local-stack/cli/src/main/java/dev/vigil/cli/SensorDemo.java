package dev.vigil.cli;

import dev.vigil.nn.synthetic.PcaAnomalyDetector;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.Detection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * {@code vigil demo --sensors N}: a sensor job (guest {@value #GUEST} with {@code pca-anomaly@1},
 * windows of 256 sliding by 64) on the stack, a {@link SensorFleet} sending readings at four times
 * its real rate, and the anomalies the job alerted printed against the faults injected: one line
 * per machine and a summary. Exit code 0 when every window has its detection record, every faulty
 * machine alerted at or after its fault and no healthy one did.
 */
final class SensorDemo {
    static final String GUEST = "bundled:anomaly-score";
    private static final long READINGS = 160;
    private static final double SPEED = 4;
    private static final int WINDOWS_BEFORE_FIRST =
            PcaAnomalyDetector.WINDOW / SensorFleet.BLOCK - 1;
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaEndpoint kafka;
    private final FlinkRest flink;
    private final Submissions submissions;
    private final Consumer<String> say;

    SensorDemo(
            KafkaEndpoint kafka, FlinkRest flink, Submissions submissions, Consumer<String> say) {
        this.kafka = kafka;
        this.flink = flink;
        this.submissions = submissions;
        this.say = say;
    }

    /** The sensor job running there (a demo left with --keep), or a new one. */
    String job(Path jobJar, Path repository) {
        for (FlinkRest.Job job : flink.jobs()) {
            if (job.state().equals("RUNNING")
                    && submissions.has(job.id())
                    && submissions.args(job.id()).contains(GUEST)) {
                return job.id();
            }
        }
        say.accept("submitting the sensor job " + jobJar + " ...");
        return DemoCommand.submitOnStack(
                flink,
                submissions,
                jobJar,
                kafka,
                repository,
                List.of(
                        "--vigil.sensors.enabled",
                        "true",
                        "--vigil.guest",
                        GUEST,
                        "--vigil.models",
                        "detector:" + PcaAnomalyDetector.NAME + "@1",
                        // Beside a camera job: its own consumer group and transactions.
                        "--vigil.kafka.group-id",
                        "vigil-sensors",
                        "--vigil.kafka.transactional-id-prefix",
                        "vigil-sensors"));
    }

    /** Produces the fleet's readings, follows the outputs, prints what was found; the exit code. */
    int run(int sensors, Duration drainTimeout) throws InterruptedException {
        List<SensorFleet.Machine> fleet = SensorFleet.of(sensors);
        // Sequences this run's machines never used: an earlier run's windows are not counted.
        long first = System.currentTimeMillis();
        Map<String, Long> windows = new HashMap<>();
        Map<String, Alert> alerts = new TreeMap<>();
        OutputReader.Listener listener =
                new OutputReader.Listener() {
                    @Override
                    public void detection(Detection d) {
                        if (d.getSequence() >= first && d.getWindowFirstSequence() != null) {
                            windows.merge(d.getSourceId(), 1L, Long::sum);
                        }
                    }

                    @Override
                    public void alert(Alert alert) {
                        if (alert.getFirstSequence() >= first
                                && alerts.putIfAbsent(alert.getSourceId(), alert) == null) {
                            say.accept(
                                    "anomaly on "
                                            + alert.getSourceId()
                                            + " from reading "
                                            + (alert.getFirstSequence() - first)
                                            + String.format(" (score %.2f)", alert.getScore()));
                        }
                    }
                };
        long expected = sensors * (READINGS - WINDOWS_BEFORE_FIRST);
        try (OutputReader reader = OutputReader.open(kafka, false, false)) {
            say.accept(
                    String.format(
                            "producing %d readings of %d samples from %d machines at %.0fx their"
                                    + " rate ...",
                            READINGS, SensorFleet.BLOCK, sensors, SPEED));
            CompletableFuture<Long> sent =
                    CompletableFuture.supplyAsync(() -> produce(fleet, first));
            while (!sent.isDone()) {
                reader.poll(POLL, listener);
            }
            result(sent);
            long deadline = System.nanoTime() + drainTimeout.toNanos();
            while (total(windows) < expected && System.nanoTime() < deadline) {
                reader.poll(POLL, listener);
            }
            reader.poll(Duration.ofSeconds(1), listener);
        }
        return summary(fleet, windows, alerts, expected, first);
    }

    private long produce(List<SensorFleet.Machine> fleet, long first) {
        try {
            return new SensorProducer(kafka).run(fleet, READINGS, SPEED, Instant.now(), first);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted while producing readings");
        }
    }

    private int summary(
            List<SensorFleet.Machine> fleet,
            Map<String, Long> windows,
            Map<String, Alert> alerts,
            long expected,
            long first) {
        int found = 0;
        int faulty = 0;
        int falseAlarms = 0;
        for (SensorFleet.Machine machine : fleet) {
            Alert alert = alerts.get(machine.sourceId());
            String seen =
                    alert == null
                            ? "no alert"
                            : "alert from reading " + (alert.getFirstSequence() - first);
            if (machine.fault().isPresent()) {
                faulty++;
                boolean inTime =
                        alert != null && alert.getFirstSequence() - first >= SensorFleet.FAULT_AT;
                found += inTime ? 1 : 0;
                falseAlarms += alert != null && !inTime ? 1 : 0;
            } else {
                falseAlarms += alert != null ? 1 : 0;
            }
            say.accept(
                    String.format(
                            "  %-16s injected %-28s found: %s",
                            machine.sourceId(),
                            machine.fault()
                                    .map(f -> f.kind() + " from reading " + SensorFleet.FAULT_AT)
                                    .orElse("nothing (healthy)"),
                            seen));
        }
        long scored = total(windows);
        System.out.printf(
                "demo: sensors=%d windows=%d/%d anomalies_found=%d/%d false_alarms=%d%n",
                fleet.size(), scored, expected, found, faulty, falseAlarms);
        return scored >= expected && found == faulty && falseAlarms == 0 ? 0 : 1;
    }

    private static long total(Map<String, Long> windows) {
        return windows.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void result(CompletableFuture<Long> sent) throws InterruptedException {
        try {
            sent.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new CliException("Producing readings failed: " + e.getCause());
        }
    }
}

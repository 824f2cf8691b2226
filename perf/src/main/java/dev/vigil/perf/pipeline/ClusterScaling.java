package dev.vigil.perf.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.job.JobOptions;
import dev.vigil.job.testing.JobTopics;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import dev.vigil.stack.embedded.EmbeddedFlink;
import dev.vigil.stack.embedded.FlinkCli;
import dev.vigil.stack.embedded.Probes;
import dev.vigil.topics.TopicCatalogue;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;

/**
 * How the job scales over TaskManager processes: for N = 1, 2, 3 TaskManagers of one slot each, an
 * embedded session cluster runs the job jar at parallelism N over the same backlog of frames
 * (bounded source), and the steady rate is taken from the committed detections' timestamps (the
 * first quarter, start-up, left out). Prints frames/s in all, per slot, and as a ratio of N = 1.
 *
 * <p>{@code ClusterScaling <job jar> [frames] [side] [max TaskManagers]}. On a shared machine with
 * fewer cores than TaskManagers this measures contention as much as scaling: say so with the
 * figures.
 */
public final class ClusterScaling {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final int CAMERAS = 8;
    private static final double SKIP = 0.25;

    private ClusterScaling() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 1600;
        int side = args.length > 2 ? Integer.parseInt(args[2]) : 320;
        int most = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        BenchFrames frames = new BenchFrames(CAMERAS, side, side, BenchEncoding.RAW);
        List<double[]> rates = new ArrayList<>();
        try (BenchStack stack = BenchStack.start()) {
            for (int n = 1; n <= most; n++) {
                JobTopics topics = stack.topics("scale-" + n + ".").create();
                stampOnAppend(topics);
                try (KafkaProducer<String, Frame> producer = topics.frameProducer()) {
                    for (long i = 0; i < total; i++) {
                        Frame frame = frames.frame(i);
                        producer.send(
                                new ProducerRecord<>(
                                        topics.name(TopicCatalogue.FRAMES),
                                        frame.getSourceId(),
                                        frame));
                    }
                }
                double rate = run(stack, topics, jar, n, total);
                rates.add(new double[] {n, rate});
                System.out.printf(
                        "taskmanagers=%d slots=%d frames/s=%.1f per-slot=%.1f ratio-to-1=%.2f%n",
                        n, n, rate, rate / n, rate / rates.get(0)[1]);
            }
        }
    }

    private static double run(BenchStack stack, JobTopics topics, Path jar, int n, int total)
            throws Exception {
        Path dir = Files.createTempDirectory("vigil-scale-" + n + "-");
        try (EmbeddedFlink flink =
                EmbeddedFlink.builder().workDir(dir).taskManagers(n).slots(1).start()) {
            Configuration options = topics.jobOptions("scale");
            options.addAll(stack.modelOptions(settings(), BenchModel.DETERMINISTIC, 8));
            options.set(JobOptions.BOUNDED, true);
            List<String> command =
                    new ArrayList<>(List.of("run", "-d", "-p", String.valueOf(n), jar.toString()));
            for (Map.Entry<String, String> option : options.toMap().entrySet()) {
                command.add("--" + option.getKey());
                command.add(option.getValue());
            }
            command.addAll(List.of("--execution.checkpointing.interval", "1 s"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = FlinkCli.run(flink.restUrl(), command, dir, out);
            Matcher id = JOB_ID.matcher(out.toString());
            if (exit != 0 || !id.find()) {
                throw new IllegalStateException("flink run failed: " + out);
            }
            awaitFinished(flink.restUrl(), id.group(1), Duration.ofMinutes(5));
        }
        return committedRate(topics, total);
    }

    private static BenchSettings settings() {
        return BenchSettings.parse(new String[] {"--providers", "CPU"});
    }

    private static void awaitFinished(String rest, String jobId, Duration patience)
            throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            String body = Probes.get(rest + "/jobs/" + jobId);
            if (body != null) {
                String state = JSON.readTree(body).path("state").asText();
                if (state.equals("FINISHED")) {
                    return;
                }
                if (state.equals("FAILED") || state.equals("CANCELED")) {
                    throw new IllegalStateException("Job " + jobId + " " + state);
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Job " + jobId + " did not finish within " + patience);
    }

    /**
     * The broker stamps each detection when it is written (LogAppendTime): the job's sink would
     * otherwise carry the frame's own timestamp over, which says when it was produced.
     */
    private static void stampOnAppend(JobTopics topics) throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                topics.bootstrapServers()))) {
            ConfigResource topic =
                    new ConfigResource(
                            ConfigResource.Type.TOPIC, topics.name(TopicCatalogue.DETECTIONS));
            AlterConfigOp append =
                    new AlterConfigOp(
                            new ConfigEntry("message.timestamp.type", "LogAppendTime"),
                            AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(topic, List.of(append))).all().get();
        }
    }

    /** Detections per second between the first quarter's end and the last, by record time. */
    private static double committedRate(JobTopics topics, int total) {
        List<Long> times = new ArrayList<>();
        try (KafkaConsumer<String, Detection> reader = topics.reader(Detection.class, true)) {
            reader.subscribe(List.of(topics.name(TopicCatalogue.DETECTIONS)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (times.size() < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Detection> record :
                        reader.poll(Duration.ofMillis(500))) {
                    times.add(record.timestamp());
                }
            }
        }
        if (times.size() < total) {
            throw new IllegalStateException(
                    "Only " + times.size() + " of " + total + " detections were committed");
        }
        times.sort(null);
        int skip = (int) (times.size() * SKIP);
        double seconds = (times.get(times.size() - 1) - times.get(skip)) / 1000.0;
        return (times.size() - 1 - skip) / seconds;
    }
}

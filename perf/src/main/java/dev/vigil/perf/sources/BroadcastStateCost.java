package dev.vigil.perf.sources;

import dev.vigil.job.alert.AlertRule;
import dev.vigil.job.alert.AlertTracker;
import dev.vigil.job.alert.Watchlist;
import dev.vigil.job.sources.SourceConfigs;
import dev.vigil.job.sources.SourceUpdate;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.NormalizedBox;
import dev.vigil.schemas.RuleKind;
import dev.vigil.schemas.SourceConfig;
import dev.vigil.schemas.SourceRule;
import dev.vigil.schemas.StageTimings;
import dev.vigil.schemas.Zone;
import dev.vigil.schemas.ZonePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * What per-source configs cost the alert stage per frame: the stage (Flink's operator, heap state,
 * as the job runs it, in Flink's test harness) fed frames of {@code SOURCES_IN_FLIGHT} cameras with
 * two boxes each, with no configs (the job's options), and with 1, 1,000 and 10,000 sources
 * configured (a six-corner zone and three rules each: zone-limited persistence, enter, dwell).
 * Prints ns per frame and the broadcast state's size. A plain timed loop, not JMH: the figures are
 * for orders of magnitude. Run: {@code java -cp <perf classpath>
 * dev.vigil.perf.sources.BroadcastStateCost [frames]}.
 */
public final class BroadcastStateCost {
    private static final int SOURCES_IN_FLIGHT = 1000;

    private BroadcastStateCost() {}

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.println("configured sources | ns/frame | broadcast state (Avro bytes)");
        for (int configured : new int[] {0, 1, 1_000, 10_000}) {
            long[] result = run(configured, frames);
            System.out.printf("%18d | %8d | %d%n", configured, result[0], result[1]);
        }
    }

    /** ns per frame (best of 3 rounds after a warm-up) and the configs' encoded size. */
    private static long[] run(int configured, int frames) throws Exception {
        AlertRule rule =
                new AlertRule("object-persists", Set.of(), 0.5f, 3, 0.3f, Duration.ofMinutes(1));
        try (KeyedBroadcastOperatorTestHarness<String, Detection, SourceUpdate, Alert> harness =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new AlertTracker(rule, Watchlist.none(), Duration.ofHours(1)),
                                List.of(SourceConfigs.DESCRIPTOR)),
                        Detection::getSourceId,
                        Types.STRING,
                        128,
                        1,
                        0)) {
            harness.open();
            long bytes = 0;
            for (int i = 0; i < configured; i++) {
                SourceConfig config = config(i);
                bytes += encodedSize(config);
                harness.processBroadcastElement(SourceUpdate.of("cam-" + i, config), 0);
            }
            List<Detection> detections = new ArrayList<>();
            for (int i = 0; i < SOURCES_IN_FLIGHT; i++) {
                detections.add(detection("cam-" + i));
            }
            long best = Long.MAX_VALUE;
            long sequence = 0;
            for (int round = 0; round < 4; round++) {
                long start = System.nanoTime();
                for (int n = 0; n < frames; n++) {
                    Detection detection = detections.get(n % SOURCES_IN_FLIGHT);
                    if (n % SOURCES_IN_FLIGHT == 0) {
                        sequence++;
                    }
                    detection.setSequence(sequence);
                    detection.setCaptureTime(Instant.ofEpochMilli(sequence * 40));
                    harness.processElement(detection, 0);
                    if (n % 10_000 == 0) {
                        harness.getOutput().clear();
                    }
                }
                long perFrame = (System.nanoTime() - start) / frames;
                if (round > 0) { // the first round warms up the JIT
                    best = Math.min(best, perFrame);
                }
            }
            return new long[] {best, bytes};
        }
    }

    /** A six-corner zone in the lower half and three rules on it. */
    private static SourceConfig config(int i) {
        float shift = (i % 10) / 100f;
        List<ZonePoint> corners =
                List.of(
                        new ZonePoint(0.1f + shift, 0.5f),
                        new ZonePoint(0.5f, 0.45f),
                        new ZonePoint(0.9f - shift, 0.5f),
                        new ZonePoint(0.95f, 0.75f),
                        new ZonePoint(0.9f - shift, 1f),
                        new ZonePoint(0.1f + shift, 1f));
        return SourceConfig.newBuilder()
                .setZones(List.of(new Zone("yard", corners)))
                .setRules(
                        List.of(
                                rule("persists-in-yard", RuleKind.PERSISTENCE).build(),
                                rule("enters-yard", RuleKind.ENTER).build(),
                                rule("loiters-in-yard", RuleKind.DWELL)
                                        .setDwellMillis(30_000)
                                        .build()))
                .build();
    }

    private static SourceRule.Builder rule(String name, RuleKind kind) {
        return SourceRule.newBuilder().setName(name).setKind(kind).setZones(List.of("yard"));
    }

    /** Two boxes that stay put: one track each, in the zone and out of it. */
    private static Detection detection(String source) {
        return Detection.newBuilder()
                .setSourceId(source)
                .setSequence(0)
                .setCaptureTime(Instant.EPOCH)
                .setModelName("det")
                .setModelVersion("1")
                .setGuestModule("g")
                .setGuestVersion("1")
                .setBoxes(List.of(box(0.4f, 0.6f), box(0.4f, 0.1f)))
                .setTimings(new StageTimings(0L, 0L, 0L, 0L, 1))
                .build();
    }

    private static DetectedBox box(float x, float y) {
        return DetectedBox.newBuilder()
                .setLabel("person")
                .setScore(0.9f)
                .setBox(new NormalizedBox(x, y, x + 0.2f, y + 0.2f))
                .build();
    }

    private static long encodedSize(SourceConfig config) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(SourceConfig.class).write(config, encoder);
        encoder.flush();
        return out.size();
    }
}

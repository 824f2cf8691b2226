package dev.vigil.job.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.vigil.job.sources.SourceUpdate;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.NormalizedBox;
import dev.vigil.schemas.RuleKind;
import dev.vigil.schemas.SourceConfig;
import dev.vigil.schemas.Zone;
import dev.vigil.schemas.ZoneMembership;
import dev.vigil.schemas.ZonePoint;
import dev.vigil.schemas.sources.SourceConfigCheck;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-source rules of the alert stage: zones, enter, dwell, and configs changing live. */
class SourceRulesTest {
    /** The job's options: persistence over 2 frames, named "fleet-persists". */
    private static final AlertRule FLEET =
            new AlertRule("fleet-persists", Set.of(), 0.5f, 2, 0.3f, Duration.ofMinutes(1));

    /** The left half of the frame. */
    private static final Zone LEFT =
            new Zone(
                    "left",
                    List.of(
                            new ZonePoint(0f, 0f),
                            new ZonePoint(0.5f, 0f),
                            new ZonePoint(0.5f, 1f),
                            new ZonePoint(0f, 1f)));

    private KeyedBroadcastOperatorTestHarness<String, Detection, SourceUpdate, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = AlertTrackerTest.harness(FLEET, Watchlist.none());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aZoneLimitedRuleAlertsOnlyForBoxesInItsZone() throws Exception {
        configure(
                "cam-1",
                config().setRules(
                                List.of(
                                        rule("left-persists", RuleKind.PERSISTENCE)
                                                .setMinFrames(2)
                                                .setZones(List.of("left"))
                                                .build())));
        for (long seq = 1; seq <= 3; seq++) {
            send("cam-1", seq, seq * 1000, at(0.1f, 0.1f), at(0.7f, 0.1f));
        }
        assertThat(alerts())
                .extracting(Alert::getRule, Alert::getTrackId, Alert::getLastSequence)
                .containsExactly(tuple("left-persists", 1L, 2L));
    }

    @Test
    void enterFiresWhenATrackCrossesIntoTheZoneAndNotForOneThatStartsThere() throws Exception {
        configure("cam-1", config().setRules(List.of(enter())));
        send("cam-1", 1, 1000, at(0.60f, 0.1f), at(0.1f, 0.5f));
        send("cam-1", 2, 2000, at(0.50f, 0.1f), at(0.1f, 0.5f));
        send("cam-1", 3, 3000, at(0.40f, 0.1f), at(0.1f, 0.5f)); // centre 0.5: on the edge
        send("cam-1", 4, 4000, at(0.30f, 0.1f), at(0.1f, 0.5f));
        assertThat(alerts())
                .extracting(Alert::getRule, Alert::getZone, Alert::getTrackId)
                .containsExactly(tuple("enters-left", "left", 1L));
    }

    @Test
    void dwellFiresOncePerVisitAfterItsCaptureTime() throws Exception {
        configure(
                "cam-1",
                config().setRules(
                                List.of(
                                        rule("loiters", RuleKind.DWELL)
                                                .setDwellMillis(3000)
                                                .setZones(List.of("left"))
                                                .build())));
        for (long seq = 1; seq <= 6; seq++) {
            send("cam-1", seq, seq * 1000, at(0.1f, 0.1f));
        }
        send("cam-1", 7, 7000, at(0.6f, 0.1f)); // out of the zone
        assertThat(alerts())
                .extracting(Alert::getRule, Alert::getZone, Alert::getLastSequence)
                .as("in since frame 1 (1 s): 3 s of capture time at frame 4, once")
                .containsExactly(tuple("loiters", "left", 4L));
    }

    @Test
    void overlapCountsTheShareOfTheBoxInside() throws Exception {
        configure(
                "cam-1",
                config().setZoneMembership(ZoneMembership.OVERLAP)
                        .setMinOverlap(0.5f)
                        .setRules(
                                List.of(
                                        rule("left-persists", RuleKind.PERSISTENCE)
                                                .setMinFrames(1)
                                                .setZones(List.of("left"))
                                                .build())));
        send("cam-1", 1, 1000, at(0.35f, 0.1f)); // 0.15 of 0.2 inside: in
        send("cam-2", 1, 1000, at(0.45f, 0.1f)); // cam-2 has no config: the fleet's rule
        configure(
                "cam-1",
                config().setZoneMembership(ZoneMembership.OVERLAP)
                        .setMinOverlap(0.9f)
                        .setRules(
                                List.of(
                                        rule("left-persists-most", RuleKind.PERSISTENCE)
                                                .setMinFrames(1)
                                                .setZones(List.of("left"))
                                                .build())));
        send("cam-1", 2, 2000, at(0.35f, 0.1f)); // 0.75 inside: out now
        assertThat(alerts())
                .extracting(Alert::getSourceId, Alert::getRule)
                .containsExactly(tuple("cam-1", "left-persists"));
    }

    @Test
    void aChangeAppliesFromTheNextFrameAndATombstoneFallsBackToTheFleetsThenTheOptions()
            throws Exception {
        send("cam-1", 1, 1000, at(0.1f, 0.1f));
        send("cam-1", 2, 2000, at(0.1f, 0.1f)); // the options' rule: 2 frames
        configure(
                SourceConfigCheck.DEFAULTS_KEY,
                config().setRules(
                                List.of(
                                        rule("fleet-wide", RuleKind.PERSISTENCE)
                                                .setMinFrames(1)
                                                .setCooldownMillis(0)
                                                .build())));
        send("cam-1", 3, 3000, at(0.1f, 0.1f));
        configure("cam-1", config().setEnabled(false));
        send("cam-1", 4, 4000, at(0.1f, 0.1f));
        tombstone("cam-1");
        send("cam-1", 5, 5000, at(0.1f, 0.1f));
        tombstone(SourceConfigCheck.DEFAULTS_KEY);
        send("cam-1", 6, 6000, at(0.1f, 0.1f));
        send("cam-1", 7, 7000, at(0.1f, 0.1f)); // in the options' cooldown
        assertThat(alerts())
                .extracting(Alert::getRule, Alert::getLastSequence)
                .containsExactly(
                        tuple("fleet-persists", 2L),
                        tuple("fleet-wide", 3L),
                        tuple("fleet-wide", 5L),
                        tuple("fleet-persists", 6L));
    }

    @Test
    void theConfigsAreInTheSnapshotSoARestoredStageNeedsNotReadThemAgain() throws Exception {
        configure("cam-1", config().setRules(List.of(enter())));
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = AlertTrackerTest.harness(FLEET, Watchlist.none());
        harness.initializeState(snapshot);
        harness.open();

        send("cam-1", 1, 1000, at(0.6f, 0.1f));
        send("cam-1", 2, 2000, at(0.4f, 0.1f));
        send("cam-1", 3, 3000, at(0.3f, 0.1f));
        assertThat(alerts()).extracting(Alert::getRule).containsExactly("enters-left");
    }

    private static dev.vigil.schemas.SourceRule enter() {
        return rule("enters-left", RuleKind.ENTER).setZones(List.of("left")).build();
    }

    private static SourceConfig.Builder config() {
        return SourceConfig.newBuilder().setZones(List.of(LEFT));
    }

    private static dev.vigil.schemas.SourceRule.Builder rule(String name, RuleKind kind) {
        return dev.vigil.schemas.SourceRule.newBuilder().setName(name).setKind(kind);
    }

    private void configure(String key, SourceConfig.Builder config) throws Exception {
        SourceConfig built = config.build();
        assertThat(SourceConfigCheck.problems(key, built, Set.of())).isEmpty();
        harness.processBroadcastElement(SourceUpdate.of(key, built), 0);
    }

    private void tombstone(String key) throws Exception {
        harness.processBroadcastElement(SourceUpdate.of(key, null), 0);
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    private void send(String source, long sequence, long captureMillis, DetectedBox... boxes)
            throws Exception {
        harness.processElement(
                AlertTrackerTest.detection(source, sequence, captureMillis, boxes), captureMillis);
    }

    /** A 0.2 x 0.2 box of label "person" with its top-left corner at (x, y). */
    private static DetectedBox at(float x, float y) {
        return DetectedBox.newBuilder()
                .setLabel("person")
                .setScore(0.9f)
                .setBox(new NormalizedBox(x, y, x + 0.2f, y + 0.2f))
                .build();
    }
}

package dev.vigil.job.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.job.sources.SourceConfigs;
import dev.vigil.job.sources.SourceUpdate;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.NormalizedBox;
import dev.vigil.schemas.StageTimings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertTrackerTest {
    private static final AlertRule PERSON_FOR_3_FRAMES =
            new AlertRule(
                    "person-lingers", Set.of("person"), 0.5f, 3, 0.3f, Duration.ofSeconds(10));
    private static final DetectedBox PERSON = box("person", 0.9f, 0.10f);
    private static final DetectedBox PERSON_MOVED = box("person", 0.8f, 0.12f);
    private static final DetectedBox PERSON_FAR = box("person", 0.9f, 0.70f);
    private static final DetectedBox CAT = box("cat", 0.9f, 0.10f);
    private static final DetectedBox FAINT_PERSON = box("person", 0.4f, 0.10f);
    private static final Watchlist WATCHLIST =
            new Watchlist("plate-watch", List.of("AB-123-CD", "KX4721"), 1);

    private KeyedBroadcastOperatorTestHarness<String, Detection, SourceUpdate, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void alertsOnceATrackLastsMinFramesThenWaitsOutTheCooldown() throws Exception {
        send("cam-1", 1, 0, PERSON);
        send("cam-1", 2, 1_000, PERSON_MOVED);
        assertThat(alerts()).isEmpty();
        send("cam-1", 3, 2_000, PERSON);

        assertThat(alerts())
                .singleElement()
                .satisfies(
                        alert -> {
                            assertThat(alert.getRule()).isEqualTo("person-lingers");
                            assertThat(alert.getTrackId()).isEqualTo(1);
                            assertThat(alert.getFirstSequence()).isEqualTo(1);
                            assertThat(alert.getLastSequence()).isEqualTo(3);
                            assertThat(alert.getModelName()).isEqualTo("det");
                            assertThat(alert.getModelVersion()).isEqualTo("4");
                        });
        send("cam-1", 4, 3_000, PERSON); // within the cooldown: quiet
        send("cam-1", 5, 12_000, PERSON); // cooldown over: the same track alerts again
        assertThat(alerts()).hasSize(2);
        assertThat(alerts().get(1).getAlertId()).isNotEqualTo(alerts().get(0).getAlertId());
    }

    @Test
    void aFrameWithoutTheBoxEndsTheTrackAndOtherLabelsOrFaintBoxesNeverCount() throws Exception {
        send("cam-1", 1, 0, PERSON);
        send("cam-1", 2, 1_000, PERSON);
        send("cam-1", 3, 2_000, CAT, FAINT_PERSON);
        send("cam-1", 4, 3_000, PERSON);
        send("cam-1", 5, 4_000, PERSON);
        assertThat(alerts()).isEmpty();
        send("cam-1", 6, 5_000, PERSON);
        assertThat(alerts()).singleElement().returns(4L, Alert::getFirstSequence);
    }

    @Test
    void separateObjectsAndSourcesAreSeparateTracks() throws Exception {
        for (long seq = 1; seq <= 3; seq++) {
            send("cam-1", seq, seq * 1_000, PERSON, PERSON_FAR);
            send("cam-2", seq, seq * 1_000, PERSON);
        }
        assertThat(alerts())
                .extracting(Alert::getSourceId, Alert::getTrackId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("cam-1", 1L),
                        org.assertj.core.groups.Tuple.tuple("cam-1", 2L),
                        org.assertj.core.groups.Tuple.tuple("cam-2", 1L));
    }

    @Test
    void tracksSurviveASnapshotAndAReplayGivesTheSameAlertIds() throws Exception {
        send("cam-1", 1, 0, PERSON);
        send("cam-1", 2, 1_000, PERSON);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        send("cam-1", 3, 2_000, PERSON);
        String firstRun = alerts().get(0).getAlertId();

        restore(snapshot);
        send("cam-1", 3, 2_000, PERSON); // the frame after the checkpoint, replayed

        assertThat(alerts()).singleElement().returns(firstRun, Alert::getAlertId);
    }

    @Test
    void aWatchedPlateAlertsOncePerTrackWithItsTextAndEntry() throws Exception {
        send("cam-1", 1, 0, plate("ab 123 cd", 0.10f));
        send("cam-1", 2, 1_000, plate("AB123CD", 0.11f));
        send("cam-1", 3, 2_000, box("text", 0.9f, 0.10f)); // the reader missed it here
        send("cam-1", 4, 3_000, plate("AB123CD", 0.12f));

        assertThat(alerts())
                .as("one alert for the track, none from the persistence rule (label 'text')")
                .singleElement()
                .satisfies(
                        alert -> {
                            assertThat(alert.getRule()).isEqualTo("plate-watch");
                            assertThat(alert.getText()).isEqualTo("ab 123 cd");
                            assertThat(alert.getWatchEntry()).isEqualTo("AB-123-CD");
                            assertThat(alert.getLabel()).isEqualTo("text");
                            assertThat(alert.getLastSequence()).isEqualTo(1);
                        });

        send("cam-1", 5, 4_000); // the plate leaves: its track ends
        send("cam-1", 6, 5_000, plate("AB123CD", 0.10f)); // and comes back: a new track
        send("cam-2", 6, 5_000, plate("AB123CD", 0.10f));
        assertThat(alerts())
                .extracting(Alert::getSourceId, Alert::getTrackId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cam-1", 1L),
                        org.assertj.core.groups.Tuple.tuple("cam-1", 2L),
                        org.assertj.core.groups.Tuple.tuple("cam-2", 1L));
    }

    @Test
    void aPlateReadLaterOrMisreadByOneStillAlertsAndOthersNever() throws Exception {
        send("cam-1", 1, 0, box("text", 0.9f, 0.10f), plate("ZZ999", 0.60f));
        send("cam-1", 2, 1_000, plate("KX472I", 0.10f), plate("ZZ999", 0.60f));
        send("cam-1", 3, 2_000, plate("KX472I", 0.10f), plate("ZZ999", 0.60f));

        assertThat(alerts())
                .singleElement()
                .satisfies(
                        alert -> {
                            assertThat(alert.getFirstSequence()).isEqualTo(1);
                            assertThat(alert.getLastSequence()).isEqualTo(2);
                            assertThat(alert.getText()).isEqualTo("KX472I");
                            assertThat(alert.getWatchEntry()).isEqualTo("KX4721");
                        });
    }

    @Test
    void aWatchlistAlertIsNotRaisedAgainAfterARestoreAndAReplayKeepsItsId() throws Exception {
        OperatorSubtaskState beforeThePlate = harness.snapshot(1, 1);
        send("cam-1", 1, 0, plate("KX4721", 0.10f));
        OperatorSubtaskState afterIt = harness.snapshot(2, 2);
        String firstRun = alerts().get(0).getAlertId();

        restore(afterIt);
        send("cam-1", 2, 1_000, plate("KX4721", 0.10f));
        assertThat(alerts()).as("the restored track has alerted already").isEmpty();

        restore(beforeThePlate);
        send("cam-1", 1, 0, plate("KX4721", 0.10f)); // replayed after a failure
        assertThat(alerts()).singleElement().returns(firstRun, Alert::getAlertId);
    }

    @Test
    void trackStateUsesFlinksPojoSerializerSoItCanEvolve() {
        assertThat(TypeInformation.of(Track.class)).isInstanceOf(PojoTypeInfo.class);
    }

    /** The stage as the job runs it, with the sources' broadcast state; one subtask of one. */
    static KeyedBroadcastOperatorTestHarness<String, Detection, SourceUpdate, Alert> harness(
            AlertRule rule, Watchlist watchlist) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new AlertTracker(rule, watchlist, Duration.ofHours(1)),
                        List.of(SourceConfigs.DESCRIPTOR)),
                Detection::getSourceId,
                Types.STRING,
                128,
                1,
                0);
    }

    private static KeyedBroadcastOperatorTestHarness<String, Detection, SourceUpdate, Alert>
            newHarness() throws Exception {
        return harness(PERSON_FOR_3_FRAMES, WATCHLIST);
    }

    private void restore(OperatorSubtaskState snapshot) throws Exception {
        harness.close();
        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    private void send(String source, long sequence, long captureMillis, DetectedBox... boxes)
            throws Exception {
        harness.processElement(detection(source, sequence, captureMillis, boxes), captureMillis);
    }

    static Detection detection(
            String source, long sequence, long captureMillis, DetectedBox... boxes) {
        return Detection.newBuilder()
                .setSourceId(source)
                .setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(captureMillis))
                .setModelName("det")
                .setModelVersion("4")
                .setGuestModule("g")
                .setGuestVersion("1")
                .setBoxes(List.of(boxes))
                .setTimings(new StageTimings(0L, 0L, 0L, 0L, 1))
                .build();
    }

    /** A text box at (x, x) in which {@code text} was read. */
    private static DetectedBox plate(String text, float x) {
        DetectedBox box = box("text", 0.9f, x);
        box.setText(text);
        box.setTextScore(0.8f);
        return box;
    }

    /** A 0.2 x 0.2 box with its top-left corner at (x, x). */
    static DetectedBox box(String label, float score, float x) {
        return DetectedBox.newBuilder()
                .setLabel(label)
                .setScore(score)
                .setBox(new NormalizedBox(x, x, x + 0.2f, x + 0.2f))
                .build();
    }
}

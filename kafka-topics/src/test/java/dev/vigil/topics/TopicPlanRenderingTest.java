package dev.vigil.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicPlanRenderingTest {
    private static final RefusedChange SHRINK =
            new RefusedChange("frames", "partitions", "12", "6", "Kafka cannot shrink a topic");
    private static final TopicChange ALTER =
            new TopicChange.AlterConfig("detections", "retention.ms", "1", "2");

    @Test
    void applyThatChangedNothingSaysSo() {
        assertThat(new ApplyResult(List.of()).render())
                .isEqualTo("No changes: the cluster already matched the catalogue.");
    }

    @Test
    void applyListsWhatItChanged() {
        assertThat(new ApplyResult(List.of(ALTER)).render())
                .isEqualTo("~ alter detections: retention.ms 1 -> 2");
    }

    @Test
    void refusalNamesTheRefusedAndTheAppliedChanges() {
        var refused = new UnsafeChangesRefusedException(List.of(SHRINK), List.of(ALTER));

        assertThat(refused)
                .isInstanceOf(TopicProvisioningException.class)
                .hasMessageContaining(
                        "! refuse frames: partitions 12 -> 6 (Kafka cannot shrink a topic)")
                .hasMessageContaining("~ alter detections");
    }

    @Test
    void brokerRejectionNamesTopicAndReason() {
        var rejected =
                new BrokerRejectedException(
                        "broker:9092",
                        List.of(
                                new BrokerRejectedException.Rejection(
                                        "frames",
                                        "create",
                                        "InvalidReplicationFactorException: only 1 broker")),
                        List.of());

        assertThat(rejected)
                .hasMessage(
                        "Kafka at broker:9092 rejected:\n"
                                + "  create frames: InvalidReplicationFactorException: only 1"
                                + " broker");
    }
}

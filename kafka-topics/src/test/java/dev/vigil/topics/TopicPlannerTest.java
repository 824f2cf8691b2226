package dev.vigil.topics;

import static dev.vigil.topics.FakeClusters.matching;
import static dev.vigil.topics.FakeClusters.withConfig;
import static dev.vigil.topics.FakeClusters.withPartitions;
import static dev.vigil.topics.FakeClusters.withReplicationFactor;
import static dev.vigil.topics.TopicCatalogue.ALERTS;
import static dev.vigil.topics.TopicCatalogue.DETECTIONS;
import static dev.vigil.topics.TopicCatalogue.FRAMES;
import static dev.vigil.topics.TopicCatalogue.FRAMES_DLQ;
import static dev.vigil.topics.TopicCatalogue.SENSOR_READINGS;
import static dev.vigil.topics.TopicCatalogue.SOURCES;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TopicPlannerTest {
    private final TopicCatalogue catalogue = TopicCatalogue.vigil(TopicSettings.defaults());

    @Test
    void emptyClusterGetsEveryTopicCreatedInCatalogueOrder() {
        TopicPlan plan = TopicPlanner.plan(catalogue, FakeClusters.empty());

        assertThat(plan.changes())
                .extracting(TopicChange::topic)
                .containsExactly(FRAMES, DETECTIONS, ALERTS, FRAMES_DLQ, SENSOR_READINGS, SOURCES);
        assertThat(plan.changes()).allMatch(TopicChange.CreateTopic.class::isInstance);
        assertThat(plan.refused()).isEmpty();
        assertThat(plan.render().lines().findFirst())
                .hasValue(
                        "+ create frames (6 partitions, rf 1, cleanup.policy=delete,"
                                + " compression.type=producer, max.message.bytes=8388608,"
                                + " min.insync.replicas=1, retention.ms=86400000)");
    }

    @Test
    void matchingClusterNeedsNothingAndIgnoresConfigsTheCatalogueDoesNotSet() {
        TopicPlan plan = TopicPlanner.plan(catalogue, FakeClusters.matching(catalogue));

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.inSync()).hasSize(6);
        assertThat(plan.render()).isEqualTo("No changes: all 6 topics match the catalogue.");
    }

    @Test
    void driftedConfigIsAlteredBackAndNothingElse() {
        TopicPlan plan =
                planWith(DETECTIONS, state -> withConfig(state, "retention.ms", "86400000"));

        assertThat(plan.changes())
                .containsExactly(
                        new TopicChange.AlterConfig(
                                DETECTIONS, "retention.ms", "86400000", "604800000"));
        assertThat(plan.render())
                .isEqualTo("~ alter detections: retention.ms 86400000 -> 604800000");
        assertThat(plan.inSync())
                .containsExactly(FRAMES, ALERTS, FRAMES_DLQ, SENSOR_READINGS, SOURCES);
    }

    @Test
    void configTheClusterDoesNotReportIsSet() {
        TopicPlan plan = planWith(FRAMES, state -> withConfig(state, "compression.type", null));

        assertThat(plan.render()).isEqualTo("~ alter frames: compression.type (unset) -> producer");
    }

    @Test
    void listValuedConfigMatchesInAnyOrder() {
        TopicPlan plan =
                planWith(ALERTS, state -> withConfig(state, "cleanup.policy", "delete, compact"));

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void fewerPartitionsThanTheCatalogueAreGrown() {
        TopicPlan plan = planWith(FRAMES, state -> withPartitions(state, 3));

        assertThat(plan.changes()).containsExactly(new TopicChange.AddPartitions(FRAMES, 3, 6));
        assertThat(plan.render()).isEqualTo("~ grow frames: partitions 3 -> 6");
    }

    @Test
    void shrinkingPartitionsIsRefused() {
        TopicPlan plan = planWith(FRAMES, state -> withPartitions(state, 12));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.isEmpty()).isFalse();
        assertThat(plan.render())
                .isEqualTo(
                        "! refuse frames: partitions 12 -> 6 (Kafka cannot shrink a topic;"
                                + " recreate it by hand)");
    }

    @Test
    void changingReplicationIsRefused() {
        TopicPlan plan = planWith(ALERTS, state -> withReplicationFactor(state, 3));

        assertThat(plan.refused())
                .singleElement()
                .satisfies(
                        refusal -> {
                            assertThat(refusal.property()).isEqualTo("replication factor");
                            assertThat(refusal.reason()).contains("kafka-reassign-partitions");
                        });
    }

    @Test
    void safeChangesOfARefusedTopicStayInThePlan() {
        TopicPlan plan =
                planWith(
                        FRAMES,
                        state -> withConfig(withPartitions(state, 12), "retention.ms", "1000"));

        assertThat(plan.changes())
                .containsExactly(
                        new TopicChange.AlterConfig(FRAMES, "retention.ms", "1000", "86400000"));
        assertThat(plan.refused())
                .extracting(RefusedChange::property)
                .containsExactly("partitions");
    }

    @Test
    void createsComeBeforeAltersBeforeGrowth() {
        List<TopicState> states = new ArrayList<>();
        states.add(withPartitions(matching(catalogue.topic(FRAMES)), 1));
        states.add(withConfig(matching(catalogue.topic(DETECTIONS)), "retention.ms", "1"));

        TopicPlan plan = TopicPlanner.plan(catalogue, FakeClusters.of(states));

        assertThat(plan.changes())
                .extracting(change -> change.getClass().getSimpleName() + " " + change.topic())
                .containsExactly(
                        "CreateTopic alerts",
                        "CreateTopic frames.dlq",
                        "CreateTopic sensor-readings",
                        "CreateTopic sources",
                        "AlterConfig detections",
                        "AddPartitions frames");
    }

    @Test
    void prefixedCatalogueIsComparedByFullName() {
        TopicCatalogue tenant =
                TopicCatalogue.vigil(TopicSettings.builder().prefix("tenant-a.").build());
        TopicPlan plan =
                TopicPlanner.plan(
                        tenant,
                        FakeClusters.of(
                                List.of(
                                        matching(catalogue.topic(FRAMES)),
                                        matching(tenant.topic(FRAMES)))));

        assertThat(plan.changes())
                .extracting(TopicChange::topic)
                .containsExactly(
                        "tenant-a.detections",
                        "tenant-a.alerts",
                        "tenant-a.frames.dlq",
                        "tenant-a.sensor-readings",
                        "tenant-a.sources");
        assertThat(plan.inSync()).containsExactly("tenant-a.frames");
    }

    private TopicPlan planWith(String changedTopic, UnaryOperator<TopicState> change) {
        List<TopicState> states = new ArrayList<>();
        for (TopicSpec spec : catalogue.topics()) {
            TopicState state = matching(spec);
            states.add(spec.name().equals(changedTopic) ? change.apply(state) : state);
        }
        return TopicPlanner.plan(catalogue, FakeClusters.of(states));
    }
}

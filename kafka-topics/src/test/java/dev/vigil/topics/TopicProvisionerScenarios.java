package dev.vigil.topics;

import static dev.vigil.topics.TopicCatalogue.DETECTIONS;
import static dev.vigil.topics.TopicCatalogue.FRAMES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The provisioner against a real broker. Each subclass supplies one (embedded, or a container), so
 * every broker runs the same scenarios. Each test works under a prefix of its own, so tests share a
 * broker without seeing each other's topics.
 */
abstract class TopicProvisionerScenarios {
    private static final Duration EVENTUALLY = Duration.ofSeconds(15);

    private String prefix;

    protected abstract String bootstrapServers();

    @BeforeEach
    void prefixFor(TestInfo test) {
        prefix = test.getTestMethod().orElseThrow().getName() + ".";
    }

    @Test
    void createsTheCatalogueOnceAndThenChangesNothing() {
        try (TopicProvisioner provisioner = TopicProvisioner.connect(settings().build())) {
            TopicPlan plan = provisioner.plan();
            assertThat(plan.changes())
                    .hasSize(6)
                    .allMatch(TopicChange.CreateTopic.class::isInstance);
            assertThat(plan.render()).startsWith("+ create " + prefix + "frames (6 partitions");

            assertThat(provisioner.apply().applied()).containsExactlyElementsOf(plan.changes());

            ApplyResult second = provisioner.apply();
            assertThat(second.applied()).isEmpty();
            assertThat(second.render()).startsWith("No changes");
            assertThat(provisioner.plan().isEmpty()).isTrue();
        }
    }

    @Test
    void configDriftedByHandIsPlannedAndPutBack() throws Exception {
        try (TopicProvisioner provisioner = TopicProvisioner.connect(settings().build());
                Admin admin = admin()) {
            provisioner.apply();
            String detections = prefix + DETECTIONS;
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, detections);
            AlterConfigOp drift =
                    new AlterConfigOp(
                            new ConfigEntry("retention.ms", "86400000"), AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(topic, List.<AlterConfigOp>of(drift))).all().get();

            TopicPlan plan = eventually(provisioner, drifted -> !drifted.isEmpty());
            assertThat(plan.changes())
                    .containsExactly(
                            new TopicChange.AlterConfig(
                                    detections, "retention.ms", "86400000", "604800000"));

            assertThat(provisioner.apply().applied()).isEqualTo(plan.changes());
            assertThat(provisioner.plan().isEmpty()).isTrue();
        }
    }

    @Test
    void partitionsAddedToTheCatalogueAreGrown() {
        try (TopicProvisioner provisioner = TopicProvisioner.connect(settings().build())) {
            provisioner.apply();
        }
        try (TopicProvisioner grown =
                TopicProvisioner.connect(settings().partitions(FRAMES, 8).build())) {
            assertThat(grown.plan().render())
                    .isEqualTo("~ grow " + prefix + "frames: partitions 6 -> 8");

            grown.apply();

            assertThat(grown.plan().isEmpty()).isTrue();
        }
    }

    @Test
    void shrinkingIsRefusedAfterTheSafeChanges() {
        try (TopicProvisioner provisioner =
                TopicProvisioner.connect(settings().partitions(FRAMES, 8).build())) {
            provisioner.apply();
        }
        try (TopicProvisioner shrunk =
                TopicProvisioner.connect(
                        settings().config(DETECTIONS, "retention.ms", "3600000").build())) {
            UnsafeChangesRefusedException refused =
                    catchThrowableOfType(UnsafeChangesRefusedException.class, shrunk::apply);

            assertThat(refused.refused())
                    .extracting(RefusedChange::render)
                    .containsExactly(
                            "! refuse "
                                    + prefix
                                    + "frames: partitions 8 -> 6 (Kafka cannot shrink a topic;"
                                    + " recreate it by hand)");
            assertThat(refused.applied())
                    .extracting(TopicChange::render)
                    .containsExactly(
                            "~ alter " + prefix + "detections: retention.ms 604800000 -> 3600000");
        }
    }

    @Test
    void replicationBeyondTheBrokerCountIsRejectedNamingTopicAndReason() {
        try (TopicProvisioner provisioner =
                TopicProvisioner.connect(settings().replicationFactor(3).build())) {
            BrokerRejectedException rejected =
                    catchThrowableOfType(BrokerRejectedException.class, provisioner::apply);

            assertThat(rejected.rejections()).hasSize(6);
            assertThat(rejected.rejections().get(0).topic()).isEqualTo(prefix + FRAMES);
            assertThat(rejected.rejections().get(0).reason())
                    .startsWith("InvalidReplicationFactorException");
            assertThat(rejected.applied()).isEmpty();
        }
    }

    @Test
    void unreachableClusterFailsFastNamingTheAddress() throws IOException {
        String closed = "127.0.0.1:" + closedPort();
        TopicSettings settings =
                settings()
                        .bootstrapServers(closed)
                        .requestTimeout(Duration.ofSeconds(1))
                        .apiTimeout(Duration.ofSeconds(2))
                        .build();
        long start = System.nanoTime();
        try (TopicProvisioner provisioner = TopicProvisioner.connect(settings)) {
            assertThatThrownBy(provisioner::plan)
                    .isInstanceOf(ClusterUnreachableException.class)
                    .hasMessageContaining(closed)
                    .hasMessageContaining("within 2000 ms");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    private TopicSettings.Builder settings() {
        return TopicSettings.builder().bootstrapServers(bootstrapServers()).prefix(prefix);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Brokers learn of a change a moment after it is acknowledged. */
    private static TopicPlan eventually(TopicProvisioner provisioner, Predicate<TopicPlan> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + EVENTUALLY.toNanos();
        TopicPlan plan = provisioner.plan();
        while (!expected.test(plan) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            plan = provisioner.plan();
        }
        return plan;
    }

    /** A port nothing listens on: bound once, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

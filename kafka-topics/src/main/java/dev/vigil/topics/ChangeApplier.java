package dev.vigil.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;

/**
 * Makes a plan's changes with one batched admin request per kind: creates, then config changes,
 * then partition growth. A topic the broker refuses does not stop the others.
 */
final class ChangeApplier {
    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LEADER_POLL = Duration.ofMillis(50);

    private final Admin admin;
    private final AdminCalls calls;

    /** What went through and what the broker refused. */
    record Outcome(List<TopicChange> applied, List<BrokerRejectedException.Rejection> rejections) {}

    ChangeApplier(Admin admin, AdminCalls calls) {
        this.admin = admin;
        this.calls = calls;
    }

    Outcome apply(List<TopicChange> changes) {
        Outcome outcome = new Outcome(new ArrayList<>(), new ArrayList<>());
        var creates = byTopic(changes, TopicChange.CreateTopic.class);
        if (!creates.isEmpty()) {
            List<NewTopic> topics =
                    creates.values().stream().map(create -> newTopic(create.get(0))).toList();
            settle("create", admin.createTopics(topics).values(), creates, outcome);
        }
        var alters = byTopic(changes, TopicChange.AlterConfig.class);
        if (!alters.isEmpty()) {
            Map<ConfigResource, Collection<AlterConfigOp>> ops = new LinkedHashMap<>();
            alters.forEach((topic, topicAlters) -> ops.put(resource(topic), setOps(topicAlters)));
            Map<String, KafkaFuture<Void>> results = new LinkedHashMap<>();
            admin.incrementalAlterConfigs(ops)
                    .values()
                    .forEach((resource, result) -> results.put(resource.name(), result));
            settle("alter configs", results, alters, outcome);
        }
        var grows = byTopic(changes, TopicChange.AddPartitions.class);
        if (!grows.isEmpty()) {
            Map<String, NewPartitions> growth = new LinkedHashMap<>();
            grows.forEach(
                    (topic, grow) ->
                            growth.put(topic, NewPartitions.increaseTo(grow.get(0).desired())));
            settle("add partitions", admin.createPartitions(growth).values(), grows, outcome);
        }
        awaitLeaders(
                outcome.applied().stream()
                        .filter(c -> !(c instanceof TopicChange.AlterConfig))
                        .map(TopicChange::topic)
                        .collect(Collectors.toCollection(LinkedHashSet::new)));
        return outcome;
    }

    /**
     * Waits until every partition of the new or grown {@code topics} has a leader, so that apply
     * returns topics ready for use. A producer that starts at once may still meet one
     * NOT_LEADER_OR_FOLLOWER (the broker applies leadership just after it publishes metadata):
     * frame producers keep one request in flight so that it cannot stall them.
     */
    private void awaitLeaders(Collection<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + LEADER_TIMEOUT.toNanos();
        List<String> leaderless = List.copyOf(topics);
        while (System.nanoTime() < deadline) {
            try {
                leaderless =
                        calls
                                .await(admin.describeTopics(topics).allTopicNames(), "describe")
                                .values()
                                .stream()
                                .filter(
                                        d ->
                                                d.partitions().stream()
                                                        .anyMatch(p -> p.leader() == null))
                                .map(TopicDescription::name)
                                .toList();
            } catch (ApiException notYetKnown) {
                // A broker that has not seen the new topic yet: ask again.
            }
            if (leaderless.isEmpty()) {
                return;
            }
            pause();
        }
        throw new TopicProvisioningException(
                "Applied, but partitions of "
                        + leaderless
                        + " at "
                        + calls.bootstrapServers()
                        + " have no leader after "
                        + LEADER_TIMEOUT.toSeconds()
                        + " s: check that enough brokers run for their replication factor.");
    }

    private static void pause() {
        try {
            Thread.sleep(LEADER_POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("Interrupted waiting for partition leaders", e);
        }
    }

    /** Waits for each topic's result, in plan order, and files its changes by the outcome. */
    private <C extends TopicChange> void settle(
            String action,
            Map<String, KafkaFuture<Void>> results,
            Map<String, List<C>> changes,
            Outcome outcome) {
        changes.forEach(
                (topic, topicChanges) -> {
                    try {
                        calls.await(results.get(topic), action);
                        outcome.applied().addAll(topicChanges);
                    } catch (ApiException refusal) {
                        outcome.rejections().add(calls.rejection(topic, action, refusal));
                    }
                });
    }

    private static <C extends TopicChange> Map<String, List<C>> byTopic(
            List<TopicChange> changes, Class<C> kind) {
        return changes.stream()
                .filter(kind::isInstance)
                .map(kind::cast)
                .collect(
                        Collectors.groupingBy(
                                TopicChange::topic, LinkedHashMap::new, Collectors.toList()));
    }

    private static NewTopic newTopic(TopicChange.CreateTopic create) {
        TopicSpec spec = create.spec();
        return new NewTopic(spec.name(), spec.partitions(), (short) spec.replicationFactor())
                .configs(spec.configs());
    }

    private static ConfigResource resource(String topic) {
        return new ConfigResource(ConfigResource.Type.TOPIC, topic);
    }

    private static List<AlterConfigOp> setOps(List<TopicChange.AlterConfig> alters) {
        return alters.stream()
                .map(
                        alter ->
                                new AlterConfigOp(
                                        new ConfigEntry(alter.key(), alter.desired()),
                                        AlterConfigOp.OpType.SET))
                .toList();
    }
}

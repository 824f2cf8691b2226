package dev.vigil.topics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Computes the {@link TopicPlan} from the catalogue and a {@link ClusterSnapshot}; talks to no
 * cluster, so it is tested with hand-written snapshots.
 *
 * <p>Only the configs the catalogue sets are compared, against the effective values, so a broker
 * default that already matches is no drift, and configs the catalogue leaves alone stay as they
 * are.
 */
public final class TopicPlanner {
    private static final String CANNOT_SHRINK = "Kafka cannot shrink a topic; recreate it by hand";
    private static final String CANNOT_CHANGE_REPLICATION =
            "Kafka changes it only by reassigning partitions; use kafka-reassign-partitions.sh";

    private TopicPlanner() {}

    /** What it takes to turn {@code cluster} into {@code catalogue}. */
    public static TopicPlan plan(TopicCatalogue catalogue, ClusterSnapshot cluster) {
        List<TopicChange> creates = new ArrayList<>();
        List<TopicChange> alters = new ArrayList<>();
        List<TopicChange> grows = new ArrayList<>();
        List<RefusedChange> refused = new ArrayList<>();
        List<String> inSync = new ArrayList<>();
        for (TopicSpec spec : catalogue.topics()) {
            var state = cluster.topic(spec.name());
            if (state.isEmpty()) {
                creates.add(new TopicChange.CreateTopic(spec));
                continue;
            }
            int before = alters.size() + grows.size() + refused.size();
            diffConfigs(spec, state.get(), alters);
            diffPartitions(spec, state.get(), grows, refused);
            diffReplication(spec, state.get(), refused);
            if (alters.size() + grows.size() + refused.size() == before) {
                inSync.add(spec.name());
            }
        }
        List<TopicChange> changes = new ArrayList<>(creates);
        changes.addAll(alters);
        changes.addAll(grows);
        return new TopicPlan(changes, refused, inSync);
    }

    private static void diffConfigs(TopicSpec spec, TopicState state, List<TopicChange> alters) {
        for (Map.Entry<String, String> wanted : spec.configs().entrySet()) {
            String current = state.configs().get(wanted.getKey());
            if (!sameValue(current, wanted.getValue())) {
                alters.add(
                        new TopicChange.AlterConfig(
                                spec.name(), wanted.getKey(), current, wanted.getValue()));
            }
        }
    }

    private static void diffPartitions(
            TopicSpec spec,
            TopicState state,
            List<TopicChange> grows,
            List<RefusedChange> refused) {
        if (spec.partitions() > state.partitions()) {
            grows.add(
                    new TopicChange.AddPartitions(
                            spec.name(), state.partitions(), spec.partitions()));
        } else if (spec.partitions() < state.partitions()) {
            refused.add(
                    new RefusedChange(
                            spec.name(),
                            "partitions",
                            String.valueOf(state.partitions()),
                            String.valueOf(spec.partitions()),
                            CANNOT_SHRINK));
        }
    }

    private static void diffReplication(
            TopicSpec spec, TopicState state, List<RefusedChange> refused) {
        if (spec.replicationFactor() != state.replicationFactor()) {
            refused.add(
                    new RefusedChange(
                            spec.name(),
                            "replication factor",
                            String.valueOf(state.replicationFactor()),
                            String.valueOf(spec.replicationFactor()),
                            CANNOT_CHANGE_REPLICATION));
        }
    }

    /** List-valued configs such as {@code cleanup.policy=compact,delete} match in any order. */
    private static boolean sameValue(String current, String wanted) {
        return current != null && items(current).equals(items(wanted));
    }

    private static Set<String> items(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).collect(Collectors.toSet());
    }
}

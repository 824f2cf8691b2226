package dev.vigil.topics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Hand-written cluster states, as {@link ClusterReader} would report them. */
final class FakeClusters {
    private FakeClusters() {}

    static ClusterSnapshot empty() {
        return new ClusterSnapshot(Map.of());
    }

    static ClusterSnapshot of(List<TopicState> topics) {
        return new ClusterSnapshot(
                topics.stream().collect(Collectors.toMap(TopicState::name, Function.identity())));
    }

    /** Every catalogue topic exactly as specified. */
    static ClusterSnapshot matching(TopicCatalogue catalogue) {
        return of(catalogue.topics().stream().map(FakeClusters::matching).toList());
    }

    /**
     * The topic as the cluster reports it after creating it from {@code spec}: effective configs
     * hold broker defaults besides the ones the catalogue set.
     */
    static TopicState matching(TopicSpec spec) {
        Map<String, String> configs = new HashMap<>();
        configs.put("segment.bytes", "1073741824");
        configs.put("retention.bytes", "-1");
        configs.putAll(spec.configs());
        return new TopicState(spec.name(), spec.partitions(), spec.replicationFactor(), configs);
    }

    static TopicState withConfig(TopicState state, String key, String value) {
        Map<String, String> configs = new HashMap<>(state.configs());
        if (value == null) {
            configs.remove(key);
        } else {
            configs.put(key, value);
        }
        return new TopicState(state.name(), state.partitions(), state.replicationFactor(), configs);
    }

    static TopicState withPartitions(TopicState state, int partitions) {
        return new TopicState(state.name(), partitions, state.replicationFactor(), state.configs());
    }

    static TopicState withReplicationFactor(TopicState state, int replicationFactor) {
        return new TopicState(state.name(), state.partitions(), replicationFactor, state.configs());
    }
}

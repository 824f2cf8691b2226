package dev.vigil.topics;

import java.util.Map;
import java.util.Objects;

/**
 * One topic as the cluster reported it.
 *
 * @param name the full topic name
 * @param partitions the partition count
 * @param replicationFactor copies of each partition (of the first partition; Kafka keeps them equal
 *     unless someone reassigned partitions by hand)
 * @param configs the effective topic configs: explicit ones and the defaults they inherit
 */
public record TopicState(
        String name, int partitions, int replicationFactor, Map<String, String> configs) {

    public TopicState {
        Objects.requireNonNull(name, "name");
        configs = Map.copyOf(configs);
    }
}

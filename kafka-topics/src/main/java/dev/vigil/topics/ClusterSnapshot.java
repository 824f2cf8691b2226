package dev.vigil.topics;

import java.util.Map;
import java.util.Optional;

/**
 * What the cluster holds of the catalogue's topics at one moment. Topics outside the catalogue are
 * never read, so they are never touched.
 *
 * @param topics the catalogue topics that exist, by full name
 */
public record ClusterSnapshot(Map<String, TopicState> topics) {

    public ClusterSnapshot {
        topics = Map.copyOf(topics);
    }

    public Optional<TopicState> topic(String name) {
        return Optional.ofNullable(topics.get(name));
    }
}

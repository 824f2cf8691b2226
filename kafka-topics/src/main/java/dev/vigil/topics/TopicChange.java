package dev.vigil.topics;

import java.util.Map;
import java.util.stream.Collectors;

/** One change the provisioner makes to bring a topic in line with the catalogue. */
public sealed interface TopicChange {

    /** The full name of the topic it changes. */
    String topic();

    /** One line for people, e.g. {@code ~ alter detections: retention.ms 604800000 -> 86400000}. */
    String render();

    /** The topic does not exist: create it as specified. */
    record CreateTopic(TopicSpec spec) implements TopicChange {
        @Override
        public String topic() {
            return spec.name();
        }

        @Override
        public String render() {
            String configs =
                    spec.configs().entrySet().stream()
                            .map(Map.Entry::toString)
                            .collect(Collectors.joining(", "));
            return "+ create %s (%d partitions, rf %d, %s)"
                    .formatted(spec.name(), spec.partitions(), spec.replicationFactor(), configs);
        }
    }

    /**
     * One config differs from the catalogue: set it.
     *
     * @param current the effective value now, or {@code null} if the cluster reports none
     */
    record AlterConfig(String topic, String key, String current, String desired)
            implements TopicChange {
        @Override
        public String render() {
            return "~ alter %s: %s %s -> %s"
                    .formatted(topic, key, current == null ? "(unset)" : current, desired);
        }
    }

    /** The topic has fewer partitions than the catalogue: add the missing ones. */
    record AddPartitions(String topic, int current, int desired) implements TopicChange {
        @Override
        public String render() {
            return "~ grow %s: partitions %d -> %d".formatted(topic, current, desired);
        }
    }
}

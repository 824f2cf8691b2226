package dev.vigil.topics;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Reads the catalogue's topics from the cluster into a {@link ClusterSnapshot}. */
final class ClusterReader {
    private final Admin admin;
    private final AdminCalls calls;

    ClusterReader(Admin admin, AdminCalls calls) {
        this.admin = admin;
        this.calls = calls;
    }

    /** The named topics that exist, with their partitions, replication and effective configs. */
    ClusterSnapshot read(Collection<String> topics) {
        Map<String, TopicDescription> existing = describe(topics);
        if (existing.isEmpty()) {
            return new ClusterSnapshot(Map.of());
        }
        Map<String, Map<String, String>> configs = effectiveConfigs(existing.keySet());
        Map<String, TopicState> states = new LinkedHashMap<>();
        existing.forEach(
                (name, description) ->
                        states.put(
                                name,
                                new TopicState(
                                        name,
                                        description.partitions().size(),
                                        description.partitions().get(0).replicas().size(),
                                        configs.get(name))));
        return new ClusterSnapshot(states);
    }

    private Map<String, TopicDescription> describe(Collection<String> topics) {
        Map<String, TopicDescription> existing = new LinkedHashMap<>();
        admin.describeTopics(topics)
                .topicNameValues()
                .forEach(
                        (name, future) -> {
                            try {
                                existing.put(name, calls.await(future, "describe topics"));
                            } catch (UnknownTopicOrPartitionException missing) {
                                // Not there yet: the plan creates it.
                            } catch (ApiException refusal) {
                                throw calls.rejected(name, "describe", refusal);
                            }
                        });
        return existing;
    }

    private Map<String, Map<String, String>> effectiveConfigs(Collection<String> topics) {
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        admin.describeConfigs(
                        topics.stream()
                                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                                .toList())
                .values()
                .forEach(
                        (resource, future) -> {
                            try {
                                configs.put(
                                        resource.name(),
                                        calls.await(future, "describe configs").entries().stream()
                                                // Sensitive values come back as null; the
                                                // catalogue sets none of them.
                                                .filter(entry -> Objects.nonNull(entry.value()))
                                                .collect(
                                                        Collectors.toMap(
                                                                ConfigEntry::name,
                                                                ConfigEntry::value)));
                            } catch (ApiException refusal) {
                                throw calls.rejected(resource.name(), "describe configs", refusal);
                            }
                        });
        return configs;
    }
}

package dev.vigil.topics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One topic as the catalogue wants it.
 *
 * @param name the full topic name, prefix included
 * @param partitions the partition count
 * @param replicationFactor copies of each partition
 * @param configs the topic configs the catalogue sets, in key order; every other config is left to
 *     the cluster
 */
public record TopicSpec(
        String name, int partitions, int replicationFactor, Map<String, String> configs) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        // Key order, so plans and their rendering come out the same on every run.
        configs = Collections.unmodifiableMap(new TreeMap<>(configs));
    }
}

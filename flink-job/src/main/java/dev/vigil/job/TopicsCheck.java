package dev.vigil.job;

import dev.vigil.job.inference.DeploymentException;
import dev.vigil.topics.ClusterUnreachableException;
import dev.vigil.topics.TopicCatalogue;
import dev.vigil.topics.TopicChange;
import dev.vigil.topics.TopicProvisioner;
import dev.vigil.topics.TopicSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The part of {@link VigilJob#main}'s check that asks Kafka: every topic the job reads or writes
 * exists. A missing one would not fail the job once: its Kafka source cannot list the partitions of
 * a missing topic, and its sinks wait for one, so the job would restart on it forever. Where main()
 * cannot reach the brokers (they may be visible only to the TaskManagers), the check is left to
 * them, and the log says so.
 */
final class TopicsCheck {
    /**
     * A reachable cluster answers in milliseconds; an unreachable one should not stall a submit.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private TopicsCheck() {}

    /** The full names of the topics the job uses, input first. */
    static List<String> used(ReadableConfig options) {
        String prefix = options.get(JobOptions.TOPIC_PREFIX);
        String input =
                options.get(JobOptions.SENSORS)
                        ? TopicCatalogue.SENSOR_READINGS
                        : TopicCatalogue.FRAMES;
        return List.of(
                        input,
                        TopicCatalogue.SOURCES,
                        TopicCatalogue.DETECTIONS,
                        TopicCatalogue.ALERTS,
                        TopicCatalogue.FRAMES_DLQ)
                .stream()
                .map(name -> prefix + name)
                .toList();
    }

    /**
     * @return what was left to the TaskManagers, if the brokers did not answer here
     * @throws DeploymentException if a topic the job uses does not exist
     */
    static Optional<String> verify(ReadableConfig options) {
        String servers = options.get(JobOptions.BOOTSTRAP_SERVERS);
        String prefix = options.get(JobOptions.TOPIC_PREFIX);
        TopicSettings settings =
                TopicSettings.builder()
                        .bootstrapServers(servers)
                        .prefix(prefix)
                        .requestTimeout(TIMEOUT)
                        .apiTimeout(TIMEOUT)
                        .build();
        List<String> missing;
        try (TopicProvisioner topics = TopicProvisioner.connect(settings)) {
            Set<String> absent =
                    topics.plan().changes().stream()
                            .filter(TopicChange.CreateTopic.class::isInstance)
                            .map(TopicChange::topic)
                            .collect(Collectors.toSet());
            missing = used(options).stream().filter(absent::contains).toList();
        } catch (ClusterUnreachableException e) {
            return Optional.of("the topics (Kafka not answering here: " + e.getMessage() + ")");
        }
        if (!missing.isEmpty()) {
            throw new DeploymentException(
                    "Topics "
                            + missing
                            + " do not exist on "
                            + servers
                            + ": the job would restart on them forever. Create the catalogue's"
                            + " topics with 'vigil topics apply --bootstrap-servers "
                            + servers
                            + (prefix.isEmpty() ? "" : " --prefix " + prefix)
                            + "' (or as docs/DESIGN.md 'Topics' lists them), then submit again.");
        }
        return Optional.empty();
    }
}

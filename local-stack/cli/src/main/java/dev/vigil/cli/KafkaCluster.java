package dev.vigil.cli;

import dev.vigil.topics.TopicSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Option;

/**
 * The Kafka cluster and topic prefix a command works on: the options of every command that talks to
 * Kafka, with defaults that match {@code vigil stack up}.
 */
class KafkaCluster {
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    @Option(
            names = "--bootstrap-servers",
            defaultValue = TopicSettings.DEFAULT_BOOTSTRAP_SERVERS,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = "--prefix",
            defaultValue = "",
            description = "Prefix of every topic name, e.g. 'site-a.' (default: none).")
    String prefix;

    KafkaCluster() {}

    KafkaCluster(String bootstrapServers, String prefix) {
        this.bootstrapServers = bootstrapServers;
        this.prefix = prefix;
    }

    String topic(String name) {
        return prefix + name;
    }

    TopicSettings settings() {
        return settings(TopicSettings.DEFAULT_OUTPUT_COMPRESSION);
    }

    /** The catalogue's settings, with the output topics compressed by {@code outputCompression}. */
    TopicSettings settings(String outputCompression) {
        return TopicSettings.builder()
                .bootstrapServers(bootstrapServers)
                .prefix(prefix)
                .outputCompression(outputCompression)
                .build();
    }

    /** Client configuration shared by producers and consumers. */
    Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /**
     * Checks that the broker answers and holds the catalogue's topics {@code names} (under the
     * prefix), so that a client fails at once with the reason rather than after a metadata timeout
     * that cannot tell the two apart.
     *
     * @throws CliException saying which is wrong and what to do
     */
    void requireTopics(List<String> names) {
        Map<String, Object> config = clientConfig();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            Set<String> existing =
                    admin.listTopics().names().get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<String> missing =
                    names.stream().map(this::topic).filter(t -> !existing.contains(t)).toList();
            if (!missing.isEmpty()) {
                throw new CliException(
                        "No topic "
                                + missing
                                + " at "
                                + bootstrapServers
                                + ": create the catalogue with 'vigil topics apply"
                                + (prefix.isEmpty() ? "" : " --prefix " + prefix)
                                + "'.");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new CliException(unreachable() + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("Interrupted while asking Kafka at " + bootstrapServers);
        }
    }

    /** What to tell a user whose broker did not answer. */
    String unreachable() {
        return "Cannot reach Kafka at "
                + bootstrapServers
                + ": is it running ('vigil stack status'), and is --bootstrap-servers right?";
    }
}

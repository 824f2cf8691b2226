package dev.vigil.cli;

import dev.vigil.schemas.serde.SerdeSettings;
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
 * Where the frames and the job's outputs are: the options of every command that produces or
 * consumes, with defaults that match {@code vigil stack up}.
 */
final class KafkaEndpoint {
    static final String DEFAULT_REGISTRY_URL = "http://127.0.0.1:8085/apis/ccompat/v7";
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    @Option(
            names = "--bootstrap-servers",
            defaultValue = TopicSettings.DEFAULT_BOOTSTRAP_SERVERS,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = "--registry-url",
            defaultValue = DEFAULT_REGISTRY_URL,
            description = "Confluent-API schema registry (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(
            names = "--prefix",
            defaultValue = "",
            description = "Prefix of every topic name, as the job was given (default: none).")
    String prefix;

    KafkaEndpoint() {}

    KafkaEndpoint(String bootstrapServers, String registryUrl, String prefix) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.prefix = prefix;
    }

    String topic(String name) {
        return prefix + name;
    }

    SerdeSettings serde() {
        return SerdeSettings.builder().registryUrl(registryUrl).build();
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

package dev.vigil.cli;

import dev.vigil.schemas.serde.SerdeSettings;
import dev.vigil.topics.TopicSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * Where the frames and the job's outputs are: the options of every command that produces or
 * consumes, with defaults that match {@code vigil stack up}.
 */
final class KafkaEndpoint {
    static final String DEFAULT_REGISTRY_URL = "http://127.0.0.1:8085/apis/ccompat/v7";

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

    /** What to tell a user whose broker did not answer. */
    String unreachable() {
        return "Cannot reach Kafka at "
                + bootstrapServers
                + ": is it running ('vigil stack status'), and is --bootstrap-servers right?";
    }
}

package dev.vigil.cli;

import dev.vigil.schemas.serde.SerdeSettings;
import picocli.CommandLine.Option;

/**
 * Where the frames and the job's outputs are: a {@link KafkaCluster} and the schema registry of its
 * records, the options of every command that produces or consumes them.
 */
final class KafkaEndpoint extends KafkaCluster {
    static final String DEFAULT_REGISTRY_URL = SerdeSettings.LOCAL_REGISTRY_URL;

    @Option(
            names = "--registry-url",
            defaultValue = DEFAULT_REGISTRY_URL,
            description = "Confluent-API schema registry (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    KafkaEndpoint() {}

    KafkaEndpoint(String bootstrapServers, String registryUrl, String prefix) {
        super(bootstrapServers, prefix);
        this.registryUrl = registryUrl;
    }

    SerdeSettings serde() {
        return SerdeSettings.builder().registryUrl(registryUrl).build();
    }
}

package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.serde.SerdeSettings;
import dev.vigil.stack.embedded.EmbeddedRegistry;
import dev.vigil.topics.TopicSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The clients' defaults are where {@code vigil stack up} puts the parts: the registry's Confluent
 * API on the registry's port (once the job's default was Flink's port, 8081), Kafka on its port.
 */
class StackDefaultsTest {
    @Test
    void clientDefaultsPointAtTheStackUpStarts() {
        StackCommand.Up up = new StackCommand.Up();
        new CommandLine(up).parseArgs();
        LocalStack.Ports ports = up.ports.ports();

        String stackRegistry = EmbeddedRegistry.urlAt(ports.registry());
        assertThat(SerdeSettings.LOCAL_REGISTRY_URL).isEqualTo(stackRegistry);
        assertThat(KafkaEndpoint.DEFAULT_REGISTRY_URL).isEqualTo(stackRegistry);
        assertThat(TopicSettings.DEFAULT_BOOTSTRAP_SERVERS).endsWith(":" + ports.kafka());
        assertThat(ports.registry()).isNotEqualTo(ports.flink());
    }
}

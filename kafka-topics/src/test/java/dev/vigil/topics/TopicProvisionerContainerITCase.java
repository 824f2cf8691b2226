package dev.vigil.topics;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The provisioner scenarios against Kafka's own container image, on machines with Docker; skipped
 * where there is none.
 */
@Testcontainers(disabledWithoutDocker = true)
class TopicProvisionerContainerITCase extends TopicProvisionerScenarios {
    @Container static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Override
    protected String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}

package dev.vigil.schemas.serde;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.ConfluentKafkaContainer;

/**
 * The wire-format scenario against Confluent's own images: Confluent Platform Kafka and Confluent
 * Schema Registry. Skipped where no Docker engine runs; the embedded variant covers CI.
 */
@Testcontainers(disabledWithoutDocker = true)
class WireFormatRoundTripContainersITCase extends WireFormatRoundTripScenario {
    private static final String CONFLUENT = "7.9.0";
    private static final Network NETWORK = Network.newNetwork();

    @Container
    static final ConfluentKafkaContainer KAFKA =
            new ConfluentKafkaContainer("confluentinc/cp-kafka:" + CONFLUENT)
                    .withNetwork(NETWORK)
                    .withListener("kafka:19092");

    @Container
    static final GenericContainer<?> REGISTRY =
            new GenericContainer<>("confluentinc/cp-schema-registry:" + CONFLUENT)
                    .withNetwork(NETWORK)
                    .withExposedPorts(8081)
                    .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                    .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                    .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "kafka:19092")
                    .dependsOn(KAFKA)
                    .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

    @Override
    protected String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }

    @Override
    protected String registryUrl() {
        return "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
    }
}

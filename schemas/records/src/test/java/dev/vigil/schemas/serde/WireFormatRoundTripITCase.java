package dev.vigil.schemas.serde;

import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wire-format scenario on the embedded real parts: a KRaft broker and Apicurio's ccompat API.
 */
class WireFormatRoundTripITCase extends WireFormatRoundTripScenario {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    @Override
    protected String bootstrapServers() {
        return KAFKA.bootstrapServers();
    }

    @Override
    protected String registryUrl() {
        return REGISTRY.url();
    }
}

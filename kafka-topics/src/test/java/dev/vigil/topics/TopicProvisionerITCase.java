package dev.vigil.topics;

import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provisioner scenarios against a real KRaft broker started from Kafka's own jars. */
class TopicProvisionerITCase extends TopicProvisionerScenarios {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Override
    protected String bootstrapServers() {
        return KAFKA.bootstrapServers();
    }
}

package dev.vigil.stack.embedded;

/**
 * Gives a test class the run's shared embedded Kafka broker.
 *
 * <pre>{@code
 * @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
 * ... KAFKA.bootstrapServers() ...
 * }</pre>
 */
public final class EmbeddedKafkaExtension extends SharedPartExtension<EmbeddedKafka> {
    public EmbeddedKafkaExtension() {
        super(EmbeddedKafka.class);
    }

    @Override
    protected EmbeddedKafka start() {
        return EmbeddedKafka.builder().start();
    }

    public String bootstrapServers() {
        return part().bootstrapServers();
    }
}

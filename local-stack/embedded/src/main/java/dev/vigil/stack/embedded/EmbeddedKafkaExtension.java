package dev.vigil.stack.embedded;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that gives a test class a real embedded Kafka broker.
 *
 * <p>One broker serves every test class of a test run (starting one costs seconds); it is stopped
 * when the run ends. Tests share it, so each test uses topic names of its own.
 *
 * <pre>{@code
 * @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
 * ... KAFKA.bootstrapServers() ...
 * }</pre>
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);

    private EmbeddedKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store closes what it holds (AutoCloseable) when the whole run ends.
        kafka =
                context.getRoot()
                        .getStore(NAMESPACE)
                        .getOrComputeIfAbsent(
                                EmbeddedKafka.class,
                                key -> EmbeddedKafka.builder().start(),
                                EmbeddedKafka.class);
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    public EmbeddedKafka broker() {
        if (kafka == null) {
            throw new IllegalStateException(
                    "Register EmbeddedKafkaExtension on a static field with @RegisterExtension");
        }
        return kafka;
    }
}

package dev.vigil.stack.embedded;

/**
 * Gives a test class the run's shared embedded schema registry (Confluent REST API).
 *
 * <pre>{@code
 * @RegisterExtension static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();
 * ... REGISTRY.url() ...
 * }</pre>
 */
public final class EmbeddedRegistryExtension extends SharedPartExtension<EmbeddedRegistry> {
    public EmbeddedRegistryExtension() {
        super(EmbeddedRegistry.class);
    }

    @Override
    protected EmbeddedRegistry start() {
        return EmbeddedRegistry.builder().start();
    }

    /** The Confluent API's base URL, for {@code schema.registry.url}. */
    public String url() {
        return part().url();
    }
}

package dev.vigil.stack.embedded;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Base of the JUnit 5 extensions that give test classes an embedded part. One part of each kind
 * serves every test class of a test run (starting one costs seconds), and it is stopped when the
 * run ends. Tests share it, so each test uses names (topics, subjects) of its own.
 */
public abstract class SharedPartExtension<T extends AutoCloseable> implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedPartExtension.class);

    private final Class<T> type;
    private T part;

    protected SharedPartExtension(Class<T> type) {
        this.type = type;
    }

    /** Starts the part; called once per test run. */
    protected abstract T start();

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store closes what it holds (AutoCloseable) when the whole run ends.
        part =
                context.getRoot()
                        .getStore(NAMESPACE)
                        .getOrComputeIfAbsent(type, key -> start(), type);
    }

    /** The running part. */
    public T part() {
        if (part == null) {
            throw new IllegalStateException(
                    getClass().getSimpleName()
                            + " must be registered on a static field with @RegisterExtension");
        }
        return part;
    }
}

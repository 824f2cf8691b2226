package dev.vigil.job.store;

import dev.vigil.nn.ModelCache;
import dev.vigil.nn.ModelRef;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a subtask's models come from: {@code vigil.model-repository} as a directory on every
 * TaskManager, or as a URI with a scheme ({@code file:///shared/models}, {@code
 * s3://bucket/models}), whose models are first copied into this TaskManager's {@link ModelCache}.
 */
public final class SharedModels {
    private static final Logger LOG = LoggerFactory.getLogger(SharedModels.class);

    private SharedModels() {}

    /** The store {@code repository} names, or empty when it is a plain local directory. */
    public static Optional<URI> storeUri(String repository) {
        if (!repository.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return Optional.empty();
        }
        return Optional.of(URI.create(repository));
    }

    /**
     * The local repository that holds {@code models}: {@code repository} itself, or the cache in
     * {@code cacheDir} filled from the store it names.
     */
    public static Path localRepository(
            String repository, Collection<ModelRef> models, Path cacheDir, long maxBytes) {
        Optional<URI> store = storeUri(repository);
        if (store.isEmpty()) {
            return Path.of(repository);
        }
        ModelCache.Prepared prepared =
                new ModelCache(new FlinkModelStore(store.get()), cacheDir, maxBytes)
                        .prepare(models);
        LOG.info(
                "Models from {}: copied {}, reused from the cache {}: {}",
                repository,
                prepared.fetched(),
                cacheDir,
                prepared.reused());
        return prepared.repository().root();
    }
}

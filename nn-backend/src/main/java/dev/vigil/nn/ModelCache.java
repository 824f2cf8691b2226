package dev.vigil.nn;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's local copy of the models it uses from a {@link ModelStore}, content-addressed: each
 * model file lies once under {@code blobs/<sha256>}, named by the SHA-256 its descriptor gives and
 * checked against it whenever it is used, so a file damaged or changed in the store or in the cache
 * is never loaded. {@code repository/} is a {@link ModelRepository} of hard links to the blobs, for
 * the {@link ModelHost}. The cache outlives jobs and restarts of its process; past {@code maxBytes}
 * the blobs used longest ago (and their repository entries) are deleted, never one that the models
 * being prepared use. A lock file serialises preparers, also across processes that share the
 * directory.
 */
public final class ModelCache {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
    private static final String BLOBS = "blobs";
    private static final String REPOSITORY = "repository";

    private final ModelStore store;
    private final Path dir;
    private final long maxBytes;

    /** Where what came from the store, and whether from the cache, for logs and tests. */
    public record Prepared(ModelRepository repository, List<String> fetched, List<String> reused) {}

    public ModelCache(ModelStore store, Path dir, long maxBytes) {
        this.store = store;
        this.dir = dir.toAbsolutePath();
        this.maxBytes = maxBytes;
    }

    /**
     * Makes {@code refs} available locally: each version's descriptor is read from the store, its
     * model file taken from the cache when there with the right checksum, else copied from the
     * store and checked.
     *
     * @return the local repository holding them
     * @throws UnknownModelException if the store has no such model or version
     * @throws ChecksumMismatchException if the store's model file is not the one its descriptor
     *     names
     */
    public Prepared prepare(Collection<ModelRef> refs) {
        try {
            Files.createDirectories(dir.resolve(BLOBS));
            Files.createDirectories(dir.resolve(REPOSITORY));
            try (FileChannel channel =
                            FileChannel.open(
                                    dir.resolve(".lock"),
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.WRITE);
                    FileLock lock = lock(channel)) {
                List<String> fetched = new ArrayList<>();
                List<String> reused = new ArrayList<>();
                Set<String> using = new HashSet<>();
                for (ModelRef ref : refs) {
                    ModelDescriptor descriptor = prepare(ref, fetched, reused);
                    using.add(descriptor.sha256());
                }
                evict(using);
                return new Prepared(repository(), fetched, reused);
            }
        } catch (IOException e) {
            throw new ModelFileException(
                    "Could not prepare models "
                            + refs
                            + " from "
                            + store.location()
                            + " in "
                            + dir
                            + ": "
                            + e,
                    e);
        }
    }

    /** The local repository the cache fills. */
    public ModelRepository repository() {
        return new ModelRepository(dir.resolve(REPOSITORY));
    }

    private ModelDescriptor prepare(ModelRef ref, List<String> fetched, List<String> reused)
            throws IOException {
        String version = ref.version().orElseGet(() -> latestVersion(ref.name()));
        String versionPath = ref.name() + "/" + version;
        byte[] descriptorBytes = readFromStore(ref, versionPath + "/" + ModelDescriptor.FILE_NAME);
        Path entry = dir.resolve(REPOSITORY).resolve(ref.name()).resolve(version);
        Files.createDirectories(entry);
        writeAtomically(entry.resolve(ModelDescriptor.FILE_NAME), descriptorBytes);
        ModelDescriptor descriptor =
                repository().resolve(ModelRef.of(ref.name(), version)).descriptor();
        Path blob = dir.resolve(BLOBS).resolve(descriptor.sha256());
        if (verified(blob, descriptor.sha256())) {
            Files.setLastModifiedTime(blob, FileTime.from(Instant.now()));
            reused.add(descriptor.ref().toString());
        } else {
            byte[] bytes = readFromStore(ref, versionPath + "/" + ModelRepository.MODEL_FILE);
            String actual = Sha256.of(bytes);
            if (!actual.equals(descriptor.sha256())) {
                throw new ChecksumMismatchException(
                        "The model file of "
                                + descriptor.ref()
                                + " in the store "
                                + store.location()
                                + " has SHA-256 "
                                + actual
                                + ", its descriptor says "
                                + descriptor.sha256()
                                + ". The store's copy was changed or damaged: push the model"
                                + " again (vigil models push) as a new version.");
            }
            writeAtomically(blob, bytes);
            fetched.add(descriptor.ref().toString());
            LOG.info(
                    "Copied model {} ({} bytes) from {} into the cache {}",
                    descriptor.ref(),
                    bytes.length,
                    store.location(),
                    dir);
        }
        link(blob, entry.resolve(ModelRepository.MODEL_FILE));
        return descriptor;
    }

    private String latestVersion(String name) {
        try {
            List<String> versions = new ArrayList<>(store.directories(name));
            versions.sort(ModelRepository.VERSION_ORDER);
            if (versions.isEmpty()) {
                throw new UnknownModelException(
                        "No model '"
                                + name
                                + "' in the store "
                                + store.location()
                                + ". Push it first (vigil models push --to URI).");
            }
            return versions.get(versions.size() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + name + " in " + store.location(), e);
        }
    }

    private byte[] readFromStore(ModelRef ref, String path) throws IOException {
        try {
            return store.read(path);
        } catch (FileNotFoundException e) {
            throw new UnknownModelException(
                    "No "
                            + path
                            + " in the store "
                            + store.location()
                            + " for model "
                            + ref
                            + ". Push it first (vigil models push --to URI).");
        }
    }

    /** The blob exists and hashes to {@code sha256}; a damaged one is deleted. */
    private static boolean verified(Path blob, String sha256) throws IOException {
        if (!Files.isRegularFile(blob)) {
            return false;
        }
        if (Sha256.of(Files.readAllBytes(blob)).equals(sha256)) {
            return true;
        }
        LOG.warn("The cached model file {} does not match its name: fetching it again", blob);
        Files.delete(blob);
        return false;
    }

    /** The repository's model file names the blob (a hard link; a copy where there are none). */
    private static void link(Path blob, Path target) throws IOException {
        Path temp = target.resolveSibling(".link-" + System.nanoTime());
        try {
            Files.createLink(temp, blob);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(blob, temp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(
                temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes the blobs used longest ago, and their entries, until the rest fit the bound. */
    private void evict(Set<String> using) throws IOException {
        List<Path> blobs;
        try (Stream<Path> files = Files.list(dir.resolve(BLOBS))) {
            blobs =
                    files.filter(Files::isRegularFile)
                            .sorted(Comparator.comparing(ModelCache::lastUsed))
                            .toList();
        }
        long total = 0;
        for (Path blob : blobs) {
            total += Files.size(blob);
        }
        for (Path blob : blobs) {
            if (total <= maxBytes) {
                return;
            }
            String sha256 = blob.getFileName().toString();
            if (using.contains(sha256) || sha256.startsWith(".")) {
                continue;
            }
            total -= Files.size(blob);
            removeEntriesOf(sha256);
            Files.delete(blob);
            LOG.info(
                    "Evicted model file {} from the cache {} (over {} bytes)",
                    sha256,
                    dir,
                    maxBytes);
        }
    }

    /** Deletes the repository's versions whose descriptor names {@code sha256}. */
    private void removeEntriesOf(String sha256) throws IOException {
        for (StoredModel stored : repository().list()) {
            if (stored.descriptor().sha256().equals(sha256)) {
                Path entry = stored.modelFile().getParent();
                try (Stream<Path> files = Files.list(entry)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(entry);
            }
        }
    }

    private static FileTime lastUsed(Path blob) {
        try {
            return Files.getLastModifiedTime(blob);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), ".fetch-", ".tmp");
        Files.write(temp, bytes);
        Files.move(
                temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The cache's lock: held by another process, this waits for it; held by another thread or job
     * of this process (the JVM grants a file lock once per process), this retries.
     */
    private static FileLock lock(FileChannel channel) throws IOException {
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while waiting for the cache's lock", e);
                }
            }
        }
    }
}

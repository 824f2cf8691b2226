package dev.vigil.stack.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The work directory of an embedded part and the small properties files it keeps there. */
final class WorkDirs {
    private static final Logger LOG = LoggerFactory.getLogger(WorkDirs.class);

    private WorkDirs() {}

    /** {@code dir}, created if missing; a new temporary directory when {@code dir} is null. */
    static Path orTemp(Path dir, String tempPrefix) {
        try {
            return dir != null
                    ? Files.createDirectories(dir)
                    : Files.createTempDirectory(tempPrefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the work directory " + dir, e);
        }
    }

    /** Deletes {@code dir} and everything in it; what cannot be deleted is left, with a warning. */
    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

    /** The properties in {@code file}, or none when it does not exist. */
    static Properties load(Path file) {
        Properties properties = new Properties();
        if (!Files.exists(file)) {
            return properties;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    static void store(Properties properties, Path file, String writtenBy) {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "Written by Vigil's " + writtenBy);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}

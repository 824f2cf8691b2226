package dev.vigil.stack.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the small text files that the build records into the jars of the part modules (the broker's
 * class path, the registry app's location). They name files on the machine that built them.
 */
final class BuildRecords {
    private BuildRecords() {}

    static String read(String resource, String module) {
        try (InputStream in = BuildRecords.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new EmbeddedStackException(
                        "The build record "
                                + resource
                                + " is not on the class path. Build the part first: ./mvnw -B -pl "
                                + module
                                + " -am package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource, e);
        }
    }
}

package dev.vigil.nn;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model as configured: {@code name@version}, or {@code name} for the latest version in the
 * repository. Names and versions are directory names: letters, digits, '.', '_' and '-'.
 */
public record ModelRef(String name, Optional<String> version) {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public ModelRef {
        requireValidPart("model name", name);
        version.ifPresent(v -> requireValidPart("model version", v));
    }

    /** Parses {@code name@version} or {@code name}. */
    public static ModelRef parse(String text) {
        int at = text.indexOf('@');
        return at < 0
                ? new ModelRef(text, Optional.empty())
                : new ModelRef(text.substring(0, at), Optional.of(text.substring(at + 1)));
    }

    public static ModelRef of(String name, String version) {
        return new ModelRef(name, Optional.of(version));
    }

    @Override
    public String toString() {
        return version.map(v -> name + "@" + v).orElse(name);
    }

    private static void requireValidPart(String what, String value) {
        if (value == null || !PART.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "Invalid "
                            + what
                            + " '"
                            + value
                            + "': use letters, digits, '.', '_' and '-' (e.g. text-det@2)");
        }
    }
}

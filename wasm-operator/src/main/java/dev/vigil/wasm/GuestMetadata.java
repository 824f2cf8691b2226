package dev.vigil.wasm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a guest says about itself in its {@value #SECTION} custom section: UTF-8 {@code key=value}
 * lines (see docs/guest-abi.md). Keys this version does not know are kept and ignored, so a newer
 * SDK can add information without breaking older hosts of the same ABI version.
 *
 * @param abi the guest ABI version it was built for
 * @param models the model names it loads with {@code load_by_name}
 * @param encodings the frame encodings it accepts
 * @param maxBatch most frames it accepts in one call
 */
public record GuestMetadata(
        int abi,
        String name,
        String version,
        List<String> models,
        Set<FrameEncoding> encodings,
        int maxBatch) {
    public static final String SECTION = "vigil.guest";

    /** The guest ABI version this host speaks. */
    public static final int ABI_VERSION = 1;

    public GuestMetadata {
        models = List.copyOf(models);
        encodings = Set.copyOf(encodings);
    }

    /** {@code name@version}, how messages name a guest. */
    public String label() {
        return name + "@" + version;
    }

    /**
     * Reads the section's bytes.
     *
     * @param file how to name the module in errors (its file or resource name)
     * @throws GuestMetadataException naming what is missing or malformed
     */
    public static GuestMetadata parse(String file, byte[] section) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : new String(section, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 1) {
                throw invalid(file, "line '" + line + "' is not key=value");
            }
            values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        int abi = integer(file, values, "abi");
        String name = required(file, values, "name");
        String version = required(file, values, "version");
        List<String> models = list(file, values, "models");
        Set<FrameEncoding> encodings = EnumSet.noneOf(FrameEncoding.class);
        for (String encoding : list(file, values, "input.encodings")) {
            encodings.add(
                    FrameEncoding.named(encoding)
                            .orElseThrow(
                                    () ->
                                            invalid(
                                                    file,
                                                    "input.encodings names '"
                                                            + encoding
                                                            + "'; known are RAW_RGB8, JPEG,"
                                                            + " PNG")));
        }
        if (encodings.isEmpty()) {
            throw invalid(
                    file, "input.encodings is empty; name at least one of RAW_RGB8, JPEG, PNG");
        }
        int maxBatch = integer(file, values, "input.max_batch");
        if (maxBatch < 1) {
            throw invalid(file, "input.max_batch is " + maxBatch + "; it must be at least 1");
        }
        return new GuestMetadata(abi, name, version, models, encodings, maxBatch);
    }

    private static String required(String file, Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            throw invalid(file, "it has no '" + key + "'");
        }
        return value;
    }

    private static int integer(String file, Map<String, String> values, String key) {
        String value = required(file, values, key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(file, "'" + key + "' is '" + value + "', not a whole number");
        }
    }

    private static List<String> list(String file, Map<String, String> values, String key) {
        if (!values.containsKey(key)) {
            throw invalid(file, "it has no '" + key + "' (it may be empty)");
        }
        List<String> items = new ArrayList<>();
        for (String item : values.get(key).split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static GuestMetadataException invalid(String file, String problem) {
        return new GuestMetadataException(
                file,
                "The '"
                        + SECTION
                        + "' metadata section of guest "
                        + file
                        + " is malformed: "
                        + problem
                        + ". See docs/guest-abi.md, section Metadata.");
    }
}

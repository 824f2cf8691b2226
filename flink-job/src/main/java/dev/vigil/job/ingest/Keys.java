package dev.vigil.job.ingest;

import java.nio.charset.StandardCharsets;

/** Record keys on every Vigil topic are UTF-8 strings: the source id, or the alert id. */
public final class Keys {
    private Keys() {}

    public static byte[] of(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}

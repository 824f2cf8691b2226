package dev.vigil.schemas.text;

import java.util.Locale;

/**
 * How a text read in a box (DetectedBox.text, Alert.text) compares with a known one: upper case,
 * letters and digits only, since plates and signs are written with spaces, dashes and dots that a
 * reader may or may not return. The job's watchlist and the demo's tally of plates read both
 * compare this way, so "read exactly" means the same to both.
 */
public final class TextNormal {
    private TextNormal() {}

    /** {@code "ab-123 cd"} is {@code "AB123CD"}. */
    public static String of(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        text.toUpperCase(Locale.ROOT)
                .codePoints()
                .filter(Character::isLetterOrDigit)
                .forEach(kept::appendCodePoint);
        return kept.toString();
    }
}

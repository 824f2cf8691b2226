package dev.vigil.schemas.text;

import java.util.Locale;

/**
 * How a text read in a box (DetectedBox.text, Alert.text) compares with a known one: upper case,
 * letters and digits only, since plates and signs are written with spaces, dashes and dots that a
 * reader may or may not return; and the letters O, Q and I as the digits 0, 0 and 1, because on a
 * plate they are the same glyph (plate schemes leave those letters out for that reason), so a
 * reader that returns one for the other has read the plate. The job's watchlist and the demo's
 * tally of plates read both compare this way, so "read exactly" means the same to both.
 */
public final class TextNormal {
    private TextNormal() {}

    /** {@code "ab-123 cd"} is {@code "AB123CD"}, {@code "io-42"} is {@code "1042"}. */
    public static String of(String text) {
        StringBuilder kept = new StringBuilder(text.length());
        text.toUpperCase(Locale.ROOT)
                .codePoints()
                .filter(Character::isLetterOrDigit)
                .map(TextNormal::asDigit)
                .forEach(kept::appendCodePoint);
        return kept.toString();
    }

    private static int asDigit(int letter) {
        return switch (letter) {
            case 'O', 'Q' -> '0';
            case 'I' -> '1';
            default -> letter;
        };
    }
}

package dev.vigil.job.alert;

import dev.vigil.schemas.text.TextNormal;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * The watchlist rule: a recognised text that matches one of {@code entries} raises an alert, once
 * per track. Texts and entries are compared normalised ({@link TextNormal}: upper case, letters and
 * digits only, so "ab-123 cd" is "AB123CD", and O, Q, I read as 0, 0, 1) and match when at most
 * {@code maxEdits} single-character insertions, deletions or substitutions apart: 1 forgives one
 * misread character, at the price of alerting on a plate one character away from an entry.
 */
public final class Watchlist implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String rule;
    private final List<String> entries;
    private final List<String> normalisedEntries;
    private final int maxEdits;

    /**
     * @param rule written into every alert it raises
     * @param entries as configured; an alert carries the one matched, as written here
     * @param maxEdits 0 (exact after normalising) or 1
     */
    public Watchlist(String rule, List<String> entries, int maxEdits) {
        if (maxEdits < 0 || maxEdits > 1) {
            throw new IllegalArgumentException(
                    "The watchlist's max-edits must be 0 or 1, got " + maxEdits);
        }
        this.rule = rule;
        this.entries = List.copyOf(entries);
        this.normalisedEntries = this.entries.stream().map(TextNormal::of).toList();
        for (int i = 0; i < this.entries.size(); i++) {
            if (normalisedEntries.get(i).isEmpty()) {
                throw new IllegalArgumentException(
                        "Watchlist entry '"
                                + this.entries.get(i)
                                + "' has no letter or digit, so it could never match: remove it.");
            }
        }
        this.maxEdits = maxEdits;
    }

    /** The rule switched off: no entries. */
    public static Watchlist none() {
        return new Watchlist("watchlist", List.of(), 0);
    }

    public String rule() {
        return rule;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The entry {@code text} matches: an exact match (after normalising) before one within {@code
     * maxEdits}, and among those the first configured. Empty when none matches or text is null.
     */
    public Optional<String> match(String text) {
        if (text == null || entries.isEmpty()) {
            return Optional.empty();
        }
        String read = TextNormal.of(text);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        int exact = normalisedEntries.indexOf(read);
        if (exact >= 0) {
            return Optional.of(entries.get(exact));
        }
        for (int i = 0; maxEdits == 1 && i < entries.size(); i++) {
            if (oneEditApart(read, normalisedEntries.get(i))) {
                return Optional.of(entries.get(i));
            }
        }
        return Optional.empty();
    }

    /** Exactly one insertion, deletion or substitution turns {@code a} into {@code b}. */
    static boolean oneEditApart(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1 || a.equals(b)) {
            return false;
        }
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        int i = 0;
        while (i < shorter.length() && shorter.charAt(i) == longer.charAt(i)) {
            i++;
        }
        // Past the first difference the rest must agree: shifted by one for an insertion.
        int skip = shorter.length() == longer.length() ? 1 : 0;
        return shorter.substring(i + skip).equals(longer.substring(i + 1));
    }

    @Override
    public String toString() {
        return rule + entries + " within " + maxEdits + " edit(s)";
    }
}

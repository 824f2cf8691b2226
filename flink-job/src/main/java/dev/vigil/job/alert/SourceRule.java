package dev.vigil.job.alert;

import dev.vigil.schemas.RuleKind;
import java.util.List;
import java.util.Set;

/**
 * One rule of a source, as the alert stage applies it (see {@link dev.vigil.schemas.SourceRule} for
 * what each kind means).
 *
 * @param zones the zones it is limited to; empty for the whole frame
 */
record SourceRule(
        String name,
        RuleKind kind,
        Set<String> labels,
        float minScore,
        int minFrames,
        long cooldownMillis,
        long dwellMillis,
        List<String> zones) {

    static SourceRule of(dev.vigil.schemas.SourceRule rule) {
        return new SourceRule(
                rule.getName(),
                rule.getKind(),
                Set.copyOf(rule.getLabels()),
                rule.getMinScore(),
                rule.getMinFrames(),
                rule.getCooldownMillis(),
                rule.getDwellMillis(),
                List.copyOf(rule.getZones()));
    }

    boolean watches(String label, float score) {
        return score >= minScore && (labels.isEmpty() || labels.contains(label));
    }

    /** A box in {@code inside} (the zones it is in now) counts for this rule. */
    boolean inItsZones(Set<String> inside) {
        return zones.isEmpty() || zones.stream().anyMatch(inside::contains);
    }
}

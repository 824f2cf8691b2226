package dev.vigil.job.alert;

import dev.vigil.schemas.NormalizedBox;
import dev.vigil.schemas.RuleKind;
import dev.vigil.schemas.SourceConfig;
import dev.vigil.schemas.ZoneMembership;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the alert stage applies to one source's frames: its rules, zones and watchlist, from
 * the source's {@link SourceConfig} or, when it has none, from the job's options (the fleet
 * defaults: the persistence rule, and the watchlist rule when the watchlist has entries).
 *
 * @param fromOptions made from the job's options: the rules tracks restored from state written
 *     before per-source rules existed were alerted by (their marks live in the track itself)
 */
record SourceRules(
        boolean enabled,
        List<SourceRule> rules,
        List<ZoneShape> zones,
        ZoneMembership membership,
        float minOverlap,
        Watchlist watchlist,
        boolean fromOptions) {

    /** The rules of the job's options, for sources without a config of their own. */
    static SourceRules of(AlertRule rule, Watchlist watchlist) {
        SourceRule persistence =
                new SourceRule(
                        rule.name(),
                        RuleKind.PERSISTENCE,
                        rule.labels(),
                        rule.minScore(),
                        rule.minFrames(),
                        rule.cooldown().toMillis(),
                        0,
                        List.of());
        List<SourceRule> rules =
                watchlist.isEmpty()
                        ? List.of(persistence)
                        : List.of(
                                persistence,
                                new SourceRule(
                                        watchlist.rule(),
                                        RuleKind.WATCHLIST,
                                        Set.of(),
                                        rule.minScore(),
                                        1,
                                        Duration.ZERO.toMillis(),
                                        0,
                                        List.of()));
        return new SourceRules(
                true, rules, List.of(), ZoneMembership.BOTTOM_CENTRE, 1, watchlist, true);
    }

    /** The rules of a config that passed {@link dev.vigil.schemas.sources.SourceConfigCheck}. */
    static SourceRules of(SourceConfig config) {
        return new SourceRules(
                config.getEnabled(),
                config.getRules().stream().map(SourceRule::of).toList(),
                config.getZones().stream().map(ZoneShape::of).toList(),
                config.getZoneMembership(),
                config.getMinOverlap(),
                new Watchlist("watchlist", config.getWatchlist(), config.getWatchlistMaxEdits()),
                false);
    }

    /**
     * A box the stage follows from frame to frame: one some rule watches, or, for a watchlist rule,
     * any box scoring enough, with or without text, so that a frame in which the reader misses the
     * plate does not end its track (the next read would alert again).
     */
    boolean follows(String label, float score) {
        for (SourceRule rule : rules) {
            if (rule.kind() == RuleKind.WATCHLIST
                    ? !watchlist.isEmpty() && score >= rule.minScore()
                    : rule.watches(label, score)) {
                return true;
            }
        }
        return false;
    }

    /** The names of the zones the box is in, as {@link #membership} counts it. */
    Set<String> zonesOf(NormalizedBox box) {
        Set<String> inside = new HashSet<>();
        for (ZoneShape zone : zones) {
            boolean in =
                    membership == ZoneMembership.OVERLAP
                            ? zone.shareOf(
                                            box.getXMin(),
                                            box.getYMin(),
                                            box.getXMax(),
                                            box.getYMax())
                                    >= minOverlap
                            : zone.holdsBottomCentre(box.getXMin(), box.getXMax(), box.getYMax());
            if (in) {
                inside.add(zone.name());
            }
        }
        return inside;
    }
}

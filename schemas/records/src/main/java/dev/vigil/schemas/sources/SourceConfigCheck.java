package dev.vigil.schemas.sources;

import dev.vigil.schemas.RuleKind;
import dev.vigil.schemas.SourceConfig;
import dev.vigil.schemas.SourceRule;
import dev.vigil.schemas.Zone;
import dev.vigil.schemas.ZoneMembership;
import dev.vigil.schemas.ZonePoint;
import dev.vigil.schemas.text.TextNormal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one check of a {@link SourceConfig}, used by the job before a record reaches its state and by
 * {@code vigil sources set} before it produces one: the same record passes or fails in both, with
 * the same messages. Each message names the field, as {@code rules[1].zones[0]}, and what to do.
 */
public final class SourceConfigCheck {
    /** The key of the fleet defaults' record on the sources topic. */
    public static final String DEFAULTS_KEY = "*";

    private SourceConfigCheck() {}

    /**
     * What is wrong with {@code config} as the record of {@code key}; empty when it may be used.
     *
     * @param pipelines the job's pipeline names, to check {@code pipeline} against; null where they
     *     are not known (the CLI), so any name passes there and the job checks it on arrival
     */
    public static List<String> problems(String key, SourceConfig config, Set<String> pipelines) {
        List<String> problems = new ArrayList<>();
        if (key == null || key.isBlank()) {
            problems.add(
                    "key: a source config needs the source id as its record key ('"
                            + DEFAULTS_KEY
                            + "' for the fleet defaults)");
        }
        if (config.getPipeline() != null
                && pipelines != null
                && !pipelines.contains(config.getPipeline())) {
            problems.add(
                    "pipeline: '"
                            + config.getPipeline()
                            + "' is not one of the job's pipelines "
                            + pipelines
                            + "; leave it out for the default pipeline");
        }
        if (config.getZoneMembership() == ZoneMembership.UNKNOWN) {
            problems.add("zoneMembership: use BOTTOM_CENTRE or OVERLAP");
        }
        if (!(config.getMinOverlap() > 0 && config.getMinOverlap() <= 1)) {
            problems.add("minOverlap: must be in (0, 1], got " + config.getMinOverlap());
        }
        Set<String> zones = checkZones(config.getZones(), problems);
        checkWatchlist(config, problems);
        checkRules(config, zones, problems);
        return problems;
    }

    private static Set<String> checkZones(List<Zone> zones, List<String> problems) {
        Set<String> names = new HashSet<>();
        for (int z = 0; z < zones.size(); z++) {
            Zone zone = zones.get(z);
            String at = "zones[" + z + "]";
            if (zone.getName().isBlank()) {
                problems.add(at + ".name: a zone needs a name for rules to refer to it");
            } else if (!names.add(zone.getName())) {
                problems.add(at + ".name: '" + zone.getName() + "' names two zones");
            }
            List<ZonePoint> points = zone.getPoints();
            if (points.size() < 3) {
                problems.add(
                        at + ".points: a polygon needs at least 3 points, got " + points.size());
                continue;
            }
            for (int p = 0; p < points.size(); p++) {
                ZonePoint point = points.get(p);
                if (!inUnit(point.getX()) || !inUnit(point.getY())) {
                    problems.add(
                            at
                                    + ".points["
                                    + p
                                    + "]: ("
                                    + point.getX()
                                    + ", "
                                    + point.getY()
                                    + ") is outside the frame; coordinates are normalised, 0..1");
                }
            }
            if (Math.abs(signedArea(points)) < 1e-6) {
                problems.add(at + ".points: the polygon encloses no area (its points are in line)");
            }
        }
        return names;
    }

    private static void checkWatchlist(SourceConfig config, List<String> problems) {
        for (int i = 0; i < config.getWatchlist().size(); i++) {
            if (TextNormal.of(config.getWatchlist().get(i)).isEmpty()) {
                problems.add(
                        "watchlist["
                                + i
                                + "]: '"
                                + config.getWatchlist().get(i)
                                + "' has no letter or digit, so it could never match: remove it");
            }
        }
        if (config.getWatchlistMaxEdits() < 0 || config.getWatchlistMaxEdits() > 1) {
            problems.add("watchlistMaxEdits: must be 0 or 1, got " + config.getWatchlistMaxEdits());
        }
    }

    private static void checkRules(SourceConfig config, Set<String> zones, List<String> problems) {
        Set<String> names = new HashSet<>();
        for (int r = 0; r < config.getRules().size(); r++) {
            SourceRule rule = config.getRules().get(r);
            String at = "rules[" + r + "]";
            if (rule.getName().isBlank()) {
                problems.add(at + ".name: a rule needs a name; its alerts carry it");
            } else if (!names.add(rule.getName())) {
                problems.add(at + ".name: '" + rule.getName() + "' names two rules");
            }
            if (!(rule.getMinScore() >= 0 && rule.getMinScore() <= 1)) {
                problems.add(at + ".minScore: must be in 0..1, got " + rule.getMinScore());
            }
            for (int z = 0; z < rule.getZones().size(); z++) {
                if (!zones.contains(rule.getZones().get(z))) {
                    problems.add(
                            at
                                    + ".zones["
                                    + z
                                    + "]: '"
                                    + rule.getZones().get(z)
                                    + "' is not one of the zones "
                                    + new TreeSet<>(zones));
                }
            }
            checkKind(rule, at, config, problems);
        }
    }

    private static void checkKind(
            SourceRule rule, String at, SourceConfig config, List<String> problems) {
        RuleKind kind = rule.getKind();
        switch (kind) {
            case PERSISTENCE -> {
                if (rule.getMinFrames() < 1) {
                    problems.add(at + ".minFrames: must be at least 1, got " + rule.getMinFrames());
                }
                if (rule.getCooldownMillis() < 0) {
                    problems.add(
                            at
                                    + ".cooldownMillis: must not be negative, got "
                                    + rule.getCooldownMillis());
                }
            }
            case WATCHLIST -> {
                if (config.getWatchlist().isEmpty()) {
                    problems.add(at + ".kind: a WATCHLIST rule needs entries in 'watchlist'");
                }
            }
            case DWELL, ENTER -> {
                if (rule.getZones().isEmpty()) {
                    problems.add(at + ".zones: a " + kind + " rule needs at least one zone");
                }
                if (kind == RuleKind.DWELL && rule.getDwellMillis() <= 0) {
                    problems.add(
                            at
                                    + ".dwellMillis: a DWELL rule needs a positive time, got "
                                    + rule.getDwellMillis());
                }
            }
            default -> problems.add(at + ".kind: use one of PERSISTENCE, WATCHLIST, DWELL, ENTER");
        }
    }

    private static boolean inUnit(float value) {
        return value >= 0 && value <= 1;
    }

    /** The enclosed area by the shoelace formula; its sign says the winding. */
    static double signedArea(List<ZonePoint> points) {
        double sum = 0;
        for (int i = 0; i < points.size(); i++) {
            ZonePoint a = points.get(i);
            ZonePoint b = points.get((i + 1) % points.size());
            sum += (double) a.getX() * b.getY() - (double) b.getX() * a.getY();
        }
        return sum / 2;
    }
}

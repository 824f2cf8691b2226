package dev.vigil.schemas.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.RuleKind;
import dev.vigil.schemas.SourceConfig;
import dev.vigil.schemas.SourceRule;
import dev.vigil.schemas.Zone;
import dev.vigil.schemas.ZoneMembership;
import dev.vigil.schemas.ZonePoint;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceConfigCheckTest {
    private static final Zone DOCK =
            new Zone(
                    "dock",
                    List.of(
                            new ZonePoint(0f, 0.5f),
                            new ZonePoint(1f, 0.5f),
                            new ZonePoint(1f, 1f),
                            new ZonePoint(0f, 1f)));

    private static SourceRule.Builder rule(String name, RuleKind kind) {
        return SourceRule.newBuilder().setName(name).setKind(kind);
    }

    private static SourceConfig.Builder config() {
        return SourceConfig.newBuilder().setZones(List.of(DOCK));
    }

    @Test
    void aConfigWithEveryKindOfRulePasses() {
        SourceConfig config =
                config().setWatchlist(List.of("AB-123"))
                        .setRules(
                                List.of(
                                        rule("persists", RuleKind.PERSISTENCE).build(),
                                        rule("plate", RuleKind.WATCHLIST).build(),
                                        rule("loiters", RuleKind.DWELL)
                                                .setZones(List.of("dock"))
                                                .setDwellMillis(5000)
                                                .build(),
                                        rule("enters", RuleKind.ENTER)
                                                .setZones(List.of("dock"))
                                                .build()))
                        .build();
        assertThat(SourceConfigCheck.problems("cam-1", config, Set.of())).isEmpty();
        assertThat(SourceConfig.newBuilder().build().getZoneMembership())
                .isEqualTo(ZoneMembership.BOTTOM_CENTRE);
    }

    @Test
    void eachProblemNamesItsField() {
        SourceConfig config =
                config().setPipeline("plates")
                        .setZones(
                                List.of(
                                        DOCK,
                                        new Zone(
                                                "line",
                                                List.of(
                                                        new ZonePoint(0f, 0f),
                                                        new ZonePoint(0.5f, 0.5f),
                                                        new ZonePoint(1f, 1f))),
                                        new Zone(
                                                "off",
                                                List.of(
                                                        new ZonePoint(0f, 0f),
                                                        new ZonePoint(1.5f, 0f),
                                                        new ZonePoint(0f, 1f)))))
                        .setMinOverlap(0f)
                        .setWatchlistMaxEdits(2)
                        .setRules(
                                List.of(
                                        rule("a", RuleKind.PERSISTENCE).setMinFrames(0).build(),
                                        rule("a", RuleKind.WATCHLIST).build(),
                                        rule("b", RuleKind.DWELL).build(),
                                        rule("c", RuleKind.ENTER)
                                                .setZones(List.of("gate"))
                                                .setMinScore(2f)
                                                .build(),
                                        rule("d", RuleKind.UNKNOWN).build()))
                        .build();
        assertThat(SourceConfigCheck.problems("", config, Set.of("general")))
                .containsExactly(
                        "key: a source config needs the source id as its record key ('*' for the"
                                + " fleet defaults)",
                        "pipeline: 'plates' is not one of the job's pipelines [general]; leave it"
                                + " out for the default pipeline",
                        "minOverlap: must be in (0, 1], got 0.0",
                        "zones[1].points: the polygon encloses no area (its points are in line)",
                        "zones[2].points[1]: (1.5, 0.0) is outside the frame; coordinates are"
                                + " normalised, 0..1",
                        "watchlistMaxEdits: must be 0 or 1, got 2",
                        "rules[0].minFrames: must be at least 1, got 0",
                        "rules[1].name: 'a' names two rules",
                        "rules[1].kind: a WATCHLIST rule needs entries in 'watchlist'",
                        "rules[2].zones: a DWELL rule needs at least one zone",
                        "rules[2].dwellMillis: a DWELL rule needs a positive time, got 0",
                        "rules[3].minScore: must be in 0..1, got 2.0",
                        "rules[3].zones[0]: 'gate' is not one of the zones [dock, line, off]",
                        "rules[4].kind: use one of PERSISTENCE, WATCHLIST, DWELL, ENTER");
    }

    @Test
    void unknownPipelinesPassWhereTheJobsAreNotKnown() {
        SourceConfig config = config().setPipeline("plates").build();
        assertThat(SourceConfigCheck.problems("cam-1", config, null)).isEmpty();
    }
}

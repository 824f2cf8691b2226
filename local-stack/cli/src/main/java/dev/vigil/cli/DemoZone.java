package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.RuleKind;
import dev.vigil.schemas.SourceConfig;
import dev.vigil.schemas.SourceRule;
import dev.vigil.schemas.Zone;
import dev.vigil.schemas.ZonePoint;
import java.util.List;
import java.util.Map;

/**
 * The zone the demo puts on one camera through the sources topic: the road, the bottom 40% of the
 * frame where the cars pass, with the persistence rule limited to it, so the camera's alerts on the
 * sign above the road stop while the other cameras keep alerting on it. Counts that camera's alerts
 * inside and outside the zone (by the box's bottom edge, as the job counts it).
 */
final class DemoZone implements OutputReader.Listener {
    static final String NAME = "road";
    private static final float TOP = 0.6f;

    private final String sourceId;
    private final long firstSequence;
    private long inside;
    private long outside;

    DemoZone(String sourceId, long firstSequence) {
        this.sourceId = sourceId;
        this.firstSequence = firstSequence;
    }

    String sourceId() {
        return sourceId;
    }

    static SourceConfig config() {
        return SourceConfig.newBuilder()
                .setZones(
                        List.of(
                                new Zone(
                                        NAME,
                                        List.of(
                                                new ZonePoint(0f, TOP),
                                                new ZonePoint(1f, TOP),
                                                new ZonePoint(1f, 1f),
                                                new ZonePoint(0f, 1f)))))
                .setRules(
                        List.of(
                                SourceRule.newBuilder()
                                        .setName("object-persists-on-road")
                                        .setKind(RuleKind.PERSISTENCE)
                                        .setZones(List.of(NAME))
                                        .build()))
                .setAttributes(Map.of("set-by", "vigil demo"))
                .build();
    }

    @Override
    public void alert(Alert alert) {
        if (!alert.getSourceId().equals(sourceId) || alert.getLastSequence() < firstSequence) {
            return;
        }
        if (alert.getBox().getYMax() >= TOP) {
            inside++;
        } else {
            outside++;
        }
    }

    long outside() {
        return outside;
    }

    String summary() {
        return String.format(
                "demo: zone %s on %s: alerts inside=%d outside=%d",
                NAME, sourceId, inside, outside);
    }
}

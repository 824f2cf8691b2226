package dev.vigil.job.sources;

import dev.vigil.schemas.SourceConfig;
import dev.vigil.schemas.sources.SourceConfigCheck;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * The broadcast state of the sources topic: the latest config of each source and of the fleet
 * defaults, in every subtask of the stages that read it. Avro's serializer writes it into
 * checkpoints and savepoints, so a restored job has the configs without reading the topic again,
 * and the record's schema can evolve across upgrades.
 */
public final class SourceConfigs {
    public static final MapStateDescriptor<String, SourceConfig> DESCRIPTOR =
            new MapStateDescriptor<>(
                    "source-configs", Types.STRING, new AvroTypeInfo<>(SourceConfig.class));

    private SourceConfigs() {}

    /** Applies one update: a config replaces the source's, a tombstone removes it. */
    public static void apply(SourceUpdate update, BroadcastState<String, SourceConfig> state)
            throws Exception {
        if (update.isTombstone()) {
            state.remove(update.sourceId);
        } else {
            state.put(update.sourceId, update.config);
        }
    }

    /** The config that applies to {@code sourceId}: its own, else the fleet's, else null. */
    public static SourceConfig of(
            String sourceId, ReadOnlyBroadcastState<String, SourceConfig> state) throws Exception {
        SourceConfig own = state.get(sourceId);
        return own != null ? own : state.get(SourceConfigCheck.DEFAULTS_KEY);
    }
}

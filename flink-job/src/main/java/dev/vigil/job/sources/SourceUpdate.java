package dev.vigil.job.sources;

import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.SourceConfig;

/**
 * One record of the sources topic as the job read it: a source's new config, its removal (a
 * tombstone: {@code config} null), or the dead letter of a record that is refused. A Flink POJO, so
 * both Avro records travel with Avro's serializer.
 */
public class SourceUpdate {
    /**
     * The record key: a source id, or {@link
     * dev.vigil.schemas.sources.SourceConfigCheck#DEFAULTS_KEY}.
     */
    public String sourceId;

    /** The config that passed the check; null for a tombstone or a refused record. */
    public SourceConfig config;

    /** Why the record was refused; null when it was not. */
    public DeadLetter refused;

    public SourceUpdate() {}

    public static SourceUpdate of(String sourceId, SourceConfig config) {
        SourceUpdate update = new SourceUpdate();
        update.sourceId = sourceId;
        update.config = config;
        return update;
    }

    static SourceUpdate refused(DeadLetter letter) {
        SourceUpdate update = new SourceUpdate();
        update.refused = letter;
        return update;
    }

    public boolean isTombstone() {
        return config == null;
    }
}

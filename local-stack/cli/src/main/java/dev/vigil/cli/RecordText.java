package dev.vigil.cli;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The optional fields a text-reading model adds to the records (issue 15): {@code text} on a
 * detected box and an alert, {@code watchEntry} on an alert. Read by name, so that the CLI shows
 * them where the records carry them and reads records written before them too.
 */
final class RecordText {
    private RecordText() {}

    /** The text a reading model recognised in {@code record}; null where there is none. */
    static String of(SpecificRecordBase record) {
        return field(record, "text");
    }

    /** The watch-list entry an alert's text matched; null where there is none. */
    static String watchEntry(SpecificRecordBase record) {
        return field(record, "watchEntry");
    }

    private static String field(SpecificRecordBase record, String name) {
        Schema.Field field = record.getSchema().getField(name);
        Object value = field == null ? null : record.get(field.pos());
        return value == null ? null : value.toString();
    }
}

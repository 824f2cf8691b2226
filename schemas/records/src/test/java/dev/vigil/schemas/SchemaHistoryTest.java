package dev.vigil.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every released version of each record schema is kept under {@code
 * schema-history/<Record>/vN.avsc}. The current schema must equal the newest snapshot (so a change
 * cannot slip in without one) and be BACKWARD compatible with every snapshot: consumers on the new
 * schema read all data written before.
 *
 * <p>To change a schema: edit the {@code .avsc}, run this test; when it only complains that the
 * schema differs from the newest snapshot, save {@code Record.getClassSchema().toString(true)} as
 * the next {@code vN.avsc}. Older readers must read today's data too (FORWARD): add fields with
 * defaults, never remove or retype one.
 */
class SchemaHistoryTest {

    static Stream<Schema> currentSchemas() {
        return Stream.of(
                Frame.getClassSchema(),
                Detection.getClassSchema(),
                Alert.getClassSchema(),
                DeadLetter.getClassSchema(),
                SensorReading.getClassSchema(),
                SourceConfig.getClassSchema());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void newestSnapshotIsTheCurrentSchema(Schema current) {
        List<Schema> history = history(current.getName());
        assertThat(history).as("snapshots of %s", current.getName()).isNotEmpty();
        assertThat(history.get(history.size() - 1))
                .as(
                        "%s.avsc differs from its newest snapshot v%d: if the change is intended"
                                + " and backward compatible, save it as v%d (see class Javadoc)",
                        current.getName(), history.size(), history.size() + 1)
                .isEqualTo(current);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void currentSchemaReadsEverySnapshot(Schema current) {
        for (Schema old : history(current.getName())) {
            assertThat(backwardIncompatibilities(current, old))
                    .as("%s cannot read data written with an older version", current.getName())
                    .isEmpty();
        }
    }

    /**
     * FORWARD as well: consumers still on an older schema read what today's job writes, so the job
     * can be upgraded before the consumers of its topics.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void everySnapshotReadsTheCurrentSchema(Schema current) {
        for (Schema old : history(current.getName())) {
            assertThat(backwardIncompatibilities(old, current))
                    .as("an older %s reader cannot read data written now", current.getName())
                    .isEmpty();
        }
    }

    @Test
    void theCheckCatchesABreakingChange() {
        // A new required field without a default breaks readers of old data.
        Schema old = Frame.getClassSchema();
        Schema broken =
                new Schema.Parser()
                        .parse(
                                old.toString()
                                        .replaceFirst(
                                                "\"fields\":\\[",
                                                "\"fields\":[{\"name\":\"site\",\"type\":\"string\"},"));
        assertThat(backwardIncompatibilities(broken, old)).isNotEmpty();
    }

    private static List<?> backwardIncompatibilities(Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        return result.getType() == SchemaCompatibilityType.COMPATIBLE
                ? List.of()
                : result.getResult().getIncompatibilities();
    }

    /** v1, v2, ... of one record, in order, until the first missing version. */
    private static List<Schema> history(String record) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String path = "/schema-history/" + record + "/v" + version + ".avsc";
            try (InputStream in = SchemaHistoryTest.class.getResourceAsStream(path)) {
                if (in == null) {
                    return versions;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException(path, e);
            }
        }
    }
}

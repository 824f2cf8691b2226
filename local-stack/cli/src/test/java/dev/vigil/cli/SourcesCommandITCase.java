package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import dev.vigil.stack.embedded.EmbeddedRegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil sources} on the real broker and registry: set from YAML, get as JSON that set takes
 * back unchanged, list, a refused file that produces nothing, and delete.
 */
class SourcesCommandITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @RegisterExtension
    static final EmbeddedRegistryExtension REGISTRY = new EmbeddedRegistryExtension();

    private static final String DOCK =
            """
            # the dock camera: a zone, and who loiters in it
            zones:
              - name: dock
                points: [{x: 0, y: 0.5}, {x: 1, y: 0.5}, {x: 1, y: 1}, {x: 0, y: 1}]
            zoneMembership: overlap
            rules:
              - {name: loiters-at-dock, kind: DWELL, zones: [dock], dwellMillis: 30000}
              - {name: plate, kind: watchlist}
            watchlist: [AB-123-CD]
            attributes: {site: dock-3}
            """;

    @TempDir Path dir;

    @Test
    void setGetListAndDeleteAConfig() throws Exception {
        String[] endpoint = {
            "--bootstrap-servers=" + KAFKA.bootstrapServers(),
            "--registry-url=" + REGISTRY.url(),
            "--prefix=sources-it."
        };
        CliRun.succeed("topics", "apply", endpoint[0], endpoint[2]);
        Path yaml = Files.writeString(dir.resolve("dock.yaml"), DOCK);

        assertThat(CliRun.succeed(args("sources", "set", "cam-dock", "--file", yaml, endpoint)))
                .startsWith(
                        "Set the config of 'cam-dock': enabled, pipeline (default), rules"
                                + " [loiters-at-dock:DWELL, plate:WATCHLIST], zones [dock],"
                                + " watchlist 1 (sources-it.sources partition");
        String json = CliRun.succeed(args("sources", "get", "cam-dock", endpoint));
        assertThat(json)
                .contains("\"zoneMembership\" : \"OVERLAP\"")
                .contains("\"dwellMillis\" : 30000")
                .contains("\"site\" : \"dock-3\"");
        Path again = Files.writeString(dir.resolve("again.json"), json);
        CliRun.succeed(args("sources", "set", "*", "--file", again, endpoint));
        assertThat(CliRun.succeed(args("sources", "get", "*", endpoint))).isEqualTo(json);

        Path bad =
                Files.writeString(
                        dir.resolve("bad.yml"),
                        "rules:\n  - {name: enters, kind: enter, zones: [gate]}\n  - {nam: x}\n");
        assertThat(CliRun.fail(args("sources", "set", "cam-gate", "--file", bad, endpoint)))
                .contains("rules[1].nam: no such field")
                .contains("rules[1].name: required");
        Path invalid =
                Files.writeString(
                        dir.resolve("invalid.yml"),
                        "rules:\n  - {name: enters, kind: enter, zones: [gate]}\n");
        assertThat(CliRun.fail(args("sources", "set", "cam-gate", "--file", invalid, endpoint)))
                .contains("nothing was produced")
                .contains("rules[0].zones[0]: 'gate' is not one of the zones []");

        assertThat(CliRun.succeed(args("sources", "list", endpoint)).lines())
                .containsExactly("*\t" + summaryOfDock(), "cam-dock\t" + summaryOfDock());
        CliRun.succeed(args("sources", "delete", "cam-dock", endpoint));
        assertThat(CliRun.fail(args("sources", "get", "cam-dock", endpoint)))
                .contains("'cam-dock' has no config of its own: it follows '*' if set");
        assertThat(CliRun.succeed(args("sources", "list", endpoint)).lines())
                .containsExactly("*\t" + summaryOfDock());
    }

    private static String summaryOfDock() {
        return "enabled, pipeline (default), rules [loiters-at-dock:DWELL, plate:WATCHLIST], zones"
                + " [dock], watchlist 1";
    }

    private static String[] args(String command, String sub, Object... rest) {
        List<String> all = new ArrayList<>(List.of(command, sub));
        for (Object each : rest) {
            if (each instanceof String[] many) {
                all.addAll(List.of(many));
            } else {
                all.add(each.toString());
            }
        }
        return all.toArray(String[]::new);
    }
}

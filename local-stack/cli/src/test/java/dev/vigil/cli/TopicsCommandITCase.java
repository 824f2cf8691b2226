package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code vigil topics} typed as the README shows it, options after the subcommand. */
class TopicsCommandITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void appliesTheCatalogueThenPlansNoChange() {
        String cluster = "--bootstrap-servers=" + KAFKA.bootstrapServers();
        String prefix = "--prefix=topics-it.";

        assertThat(CliRun.succeed("topics", "plan", cluster, prefix))
                .contains("+ create topics-it.frames");
        assertThat(CliRun.succeed("topics", "apply", cluster, prefix))
                .contains("+ create topics-it.alerts");
        assertThat(CliRun.succeed("topics", "plan", cluster, prefix))
                .contains("No changes: all 6 topics match the catalogue.");
    }
}

package dev.vigil.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.job.inference.DeploymentException;
import dev.vigil.job.testing.JobTopics;
import dev.vigil.stack.embedded.EmbeddedKafkaExtension;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The submission's topic check against a real broker: missing, present, and out of reach. */
class TopicsCheckITCase {
    @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static JobTopics topics() {
        String prefix = "check-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        // The registry is not asked: only the topics' names and the job options are used.
        return new JobTopics(KAFKA.bootstrapServers(), "http://127.0.0.1:1", prefix);
    }

    @Test
    void refusesOnceNamingEveryMissingTopicAndTheCommandThatCreatesThem() {
        JobTopics topics = topics();
        Configuration options = topics.jobOptions("job");

        assertThatThrownBy(() -> TopicsCheck.verify(options))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining(
                        "Topics ["
                                + String.join(", ", TopicsCheck.used(options))
                                + "] do not exist on "
                                + KAFKA.bootstrapServers())
                .hasMessageContaining("vigil topics apply")
                .hasMessageContaining("--prefix " + topics.prefix());
    }

    @Test
    void passesOnceTheCatalogueIsAppliedAndASensorJobNeedsNoFramesTopic() {
        JobTopics topics = topics().create();
        Configuration options = topics.jobOptions("job");
        assertThat(TopicsCheck.verify(options)).isEmpty();

        options.set(JobOptions.SENSORS, true);
        assertThat(TopicsCheck.used(options))
                .contains(topics.name("sensor-readings"))
                .doesNotContain(topics.name("frames"));
        assertThat(TopicsCheck.verify(options)).isEmpty();
    }

    @Test
    void leavesTheCheckToTheTaskManagersWhenNoBrokerAnswersHere() {
        Configuration options = topics().jobOptions("job");
        // Nothing listens on port 1 of the loopback address.
        options.set(JobOptions.BOOTSTRAP_SERVERS, "127.0.0.1:1");

        assertThat(TopicsCheck.verify(options))
                .hasValueSatisfying(left -> assertThat(left).startsWith("the topics (Kafka"));
    }
}

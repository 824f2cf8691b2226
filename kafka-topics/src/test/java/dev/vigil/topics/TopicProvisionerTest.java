package dev.vigil.topics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

    @Test
    void unresolvableBootstrapHostIsReportedAsUnreachable() {
        TopicSettings settings =
                TopicSettings.builder().bootstrapServers("no-such-host.invalid:9092").build();

        assertThatThrownBy(() -> TopicProvisioner.connect(settings).close())
                .isInstanceOf(ClusterUnreachableException.class)
                .hasMessageContaining("no-such-host.invalid:9092")
                .hasMessageContaining("resolves");
    }

    @Test
    void overrideOfAnUnknownTopicFailsBeforeAnyClientIsOpened() {
        TopicSettings settings =
                TopicSettings.builder().config("alert", "retention.ms", "1").build();

        assertThatThrownBy(() -> TopicProvisioner.connect(settings).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'alert'");
    }
}

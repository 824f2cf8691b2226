package dev.vigil.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TopicSettingsTest {

    @Test
    void defaultsPointAtTheLocalStack() {
        TopicSettings settings = TopicSettings.defaults();

        assertThat(settings.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(settings.prefix()).isEmpty();
        assertThat(settings.replicationFactor()).isEqualTo(1);
        assertThat(settings.apiTimeout()).isGreaterThanOrEqualTo(settings.requestTimeout());
    }

    @Test
    void illegalPrefixIsRejectedWithTheRule() {
        assertThatThrownBy(() -> TopicSettings.builder().prefix("tenant a/").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tenant a/'")
                .hasMessageContaining("letters, digits");
    }

    @Test
    void apiTimeoutShorterThanOneRequestIsRejected() {
        assertThatThrownBy(
                        () ->
                                TopicSettings.builder()
                                        .requestTimeout(Duration.ofSeconds(10))
                                        .apiTimeout(Duration.ofSeconds(5))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apiTimeout");
    }

    @Test
    void nonPositivePartitionsAreRejected() {
        assertThatThrownBy(() -> TopicSettings.builder().partitions("frames", 0).build())
                .hasMessageContaining("partitions of frames");
    }

    @Test
    void settingsCannotBeChangedThroughTheBuilderAfterwards() {
        TopicSettings.Builder builder = TopicSettings.builder().config("frames", "a", "1");
        TopicSettings settings = builder.build();
        builder.config("frames", "b", "2");

        assertThat(settings.configOverrides().get("frames")).containsOnlyKeys("a");
    }

    @Test
    void toStringHidesClientPropertyValues() {
        TopicSettings settings =
                TopicSettings.builder()
                        .clientProperty("sasl.jaas.config", "password=\"secret\"")
                        .build();

        assertThat(settings.toString()).contains("sasl.jaas.config").doesNotContain("secret");
    }
}

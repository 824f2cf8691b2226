package dev.vigil.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SerdeSettingsTest {

    @Test
    void readsConfluentKeysAndPassesClientKeysThrough() {
        SerdeSettings settings =
                SerdeSettings.fromConfig(
                        Map.of(
                                "schema.registry.url", "http://a:8081, http://b:8081",
                                "auto.register.schemas", "false",
                                "use.latest.version", "true",
                                "max.schemas.per.subject", "50",
                                "basic.auth.user.info", "user:secret",
                                "schema.registry.ssl.truststore.location", "/etc/ts.jks",
                                "bootstrap.servers", "kafka:9092"));

        assertThat(settings.registryUrls()).containsExactly("http://a:8081", "http://b:8081");
        assertThat(settings.autoRegister()).isFalse();
        assertThat(settings.useLatestVersion()).isTrue();
        assertThat(settings.cacheCapacity()).isEqualTo(50);
        assertThat(settings.clientConfig())
                .containsOnlyKeys(
                        "basic.auth.user.info", "schema.registry.ssl.truststore.location");
    }

    @Test
    void defaultsAutoRegisterWithALargeCache() {
        SerdeSettings settings = SerdeSettings.builder().registryUrl("http://r:8081").build();
        assertThat(settings.autoRegister()).isTrue();
        assertThat(settings.useLatestVersion()).isFalse();
        assertThat(settings.cacheCapacity()).isEqualTo(1000);
        assertThat(settings.registryUrls()).isEqualTo(List.of("http://r:8081"));
    }

    @Test
    void theRegistryUrlIsRequired() {
        assertThatThrownBy(() -> SerdeSettings.fromConfig(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.url is required");
    }

    @Test
    void credentialsStayOutOfToString() {
        SerdeSettings settings =
                SerdeSettings.builder()
                        .registryUrl("http://r:8081")
                        .clientConfig("basic.auth.user.info", "user:secret")
                        .build();
        assertThat(settings.toString()).doesNotContain("secret").contains("basic.auth.user.info");
    }

    @Test
    void survivesJavaSerializationForFlink() throws Exception {
        SerdeSettings settings =
                SerdeSettings.builder().registryUrl("http://r:8081").cacheCapacity(7).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(settings);
        }
    }
}

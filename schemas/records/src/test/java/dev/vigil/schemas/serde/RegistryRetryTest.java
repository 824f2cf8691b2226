package dev.vigil.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.Frame;
import io.confluent.kafka.schemaregistry.client.SchemaRegistryClient;
import io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How the codec treats a registry that fails its side of a registration. */
class RegistryRetryTest {
    private static final SerdeSettings SETTINGS =
            SerdeSettings.builder().registryUrls(List.of("http://registry:8081")).build();

    /** A registry whose register() answers with the given HTTP statuses, then id 7. */
    private static SchemaRegistryClient failing(AtomicInteger calls, int... statuses) {
        return (SchemaRegistryClient)
                Proxy.newProxyInstance(
                        SchemaRegistryClient.class.getClassLoader(),
                        new Class<?>[] {SchemaRegistryClient.class},
                        (proxy, method, args) -> {
                            if (!method.getName().equals("register")) {
                                throw new UnsupportedOperationException(method.getName());
                            }
                            int call = calls.getAndIncrement();
                            if (call < statuses.length) {
                                throw new RestClientException(
                                        "failure " + call, statuses[call], statuses[call] * 100);
                            }
                            return 7;
                        });
    }

    @Test
    void retriesWhatFailedOnTheRegistrysSide() {
        AtomicInteger calls = new AtomicInteger();
        var codec = new ConfluentAvroCodec<>(Frame.class, failing(calls, 500, 503), SETTINGS);

        assertThat(codec.schemaIdFor("frames")).isEqualTo(7);
        assertThat(calls).hasValue(3);
        assertThat(codec.schemaIdFor("frames")).isEqualTo(7); // cached: no fourth call
        assertThat(calls).hasValue(3);
    }

    @Test
    void givesUpOnAPersistentServerErrorSayingTheRegistryIsAtFault() {
        AtomicInteger calls = new AtomicInteger();
        var codec =
                new ConfluentAvroCodec<>(
                        Frame.class, failing(calls, 500, 500, 500, 500, 500), SETTINGS);

        assertThatThrownBy(() -> codec.schemaIdFor("frames"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("The schema registry at [http://registry:8081] failed")
                .satisfies(
                        e ->
                                assertThat(((RegistryException) e).reasonCode())
                                        .isEqualTo("REGISTRY_UNAVAILABLE"));
        assertThat(calls).hasValue(4);
    }

    @Test
    void asksOnceMoreAfterARegistrationThatRacedAnother() {
        AtomicInteger calls = new AtomicInteger();
        var codec = new ConfluentAvroCodec<>(Frame.class, failing(calls, 409), SETTINGS);

        assertThat(codec.schemaIdFor("frames")).isEqualTo(7);
        assertThat(calls).hasValue(2);
    }

    @Test
    void doesNotRetryARefusalTwice() {
        AtomicInteger calls = new AtomicInteger();
        var codec = new ConfluentAvroCodec<>(Frame.class, failing(calls, 409, 409, 409), SETTINGS);

        assertThatThrownBy(() -> codec.schemaIdFor("frames"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("refused Frame for subject 'frames-value'")
                .satisfies(
                        e ->
                                assertThat(((RegistryException) e).reasonCode())
                                        .isEqualTo("REGISTRATION_REFUSED"));
        assertThat(calls).hasValue(2);
    }
}

package dev.vigil.schemas.serde;

import io.confluent.kafka.schemaregistry.avro.AvroSchemaProvider;
import io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import io.confluent.kafka.schemaregistry.client.SchemaRegistryClient;
import java.util.List;

/** Creates Confluent's caching schema-registry client from {@link SerdeSettings}. */
public final class RegistryClients {
    private RegistryClients() {}

    /** A client that caches ids and schemas; share one per process where you can. */
    public static SchemaRegistryClient create(SerdeSettings settings) {
        return new CachedSchemaRegistryClient(
                settings.registryUrls(),
                settings.cacheCapacity(),
                List.of(new AvroSchemaProvider()),
                settings.clientConfig());
    }
}

package dev.vigil.cli;

import dev.vigil.schemas.serde.SerdeSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where the frames and the job's outputs are: a {@link KafkaCluster} and the schema registry of its
 * records, the options of every command that produces or consumes them.
 */
final class KafkaEndpoint extends KafkaCluster {
    static final String DEFAULT_REGISTRY_URL = SerdeSettings.LOCAL_REGISTRY_URL;
    private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(10);

    @Option(
            names = "--registry-url",
            defaultValue = DEFAULT_REGISTRY_URL,
            description = "Confluent-API schema registry (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    KafkaEndpoint() {}

    KafkaEndpoint(String bootstrapServers, String registryUrl, String prefix) {
        super(bootstrapServers, prefix);
        this.registryUrl = registryUrl;
    }

    SerdeSettings serde() {
        return SerdeSettings.builder().registryUrl(registryUrl).build();
    }

    /**
     * Checks that the schema registry answers, so that a reader fails at once with the reason
     * rather than reporting every record it reads as undecodable.
     *
     * @throws CliException saying what is wrong and what to do
     */
    void requireRegistry() {
        URI subjects = URI.create(registryUrl.replaceAll("/+$", "") + "/subjects");
        HttpClient client = HttpClient.newBuilder().connectTimeout(REGISTRY_TIMEOUT).build();
        int status;
        try {
            status =
                    client.send(
                                    HttpRequest.newBuilder(subjects)
                                            .timeout(REGISTRY_TIMEOUT)
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode();
        } catch (IOException e) {
            throw new CliException(
                    "Cannot reach the schema registry at "
                            + registryUrl
                            + ": is it running ('vigil stack status'), and is --registry-url right?"
                            + " ("
                            + e
                            + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(
                    "Interrupted while asking the schema registry at " + registryUrl);
        }
        if (status != 200) {
            throw new CliException(
                    "The schema registry at "
                            + registryUrl
                            + " answered HTTP "
                            + status
                            + " to GET "
                            + subjects
                            + ": --registry-url must be its Confluent API, e.g. "
                            + DEFAULT_REGISTRY_URL);
        }
    }
}

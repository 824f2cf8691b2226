package dev.vigil.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRegistryITCase {
    private static final String CONFLUENT_JSON = "application/vnd.schemaregistry.v1+json";
    private static final String SCHEMA =
            "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"dev.vigil.test\","
                    + "\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void registersASchemaAndResolvesItsIdAfterARestart(@TempDir Path dir) throws Exception {
        long pid;
        String url;
        int id;
        try (EmbeddedRegistry registry = EmbeddedRegistry.builder().workDir(dir).start()) {
            pid = registry.pid();
            url = registry.url();
            id = register(url, "probe-value");
            assertThat(schemaById(url, id)).contains(escaped(SCHEMA));
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .isNotEqualTo(Optional.of(true));

        try (EmbeddedRegistry again = EmbeddedRegistry.builder().workDir(dir).start()) {
            assertThat(again.url()).isEqualTo(url);
            assertThat(schemaById(again.url(), id)).contains(escaped(SCHEMA));
            // The same schema under the same subject keeps its id rather than getting a new one.
            assertThat(register(again.url(), "probe-value")).isEqualTo(id);
        }
    }

    private int register(String url, String subject) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url + "/subjects/" + subject + "/versions"))
                        .header("Content-Type", CONFLUENT_JSON)
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"schema\":\"" + escaped(SCHEMA) + "\"}"))
                        .build();
        String body = send(request);
        Matcher id = ID.matcher(body);
        assertThat(id.find()).as("an id in %s", body).isTrue();
        return Integer.parseInt(id.group(1));
    }

    private String schemaById(String url, int id) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url + "/schemas/ids/" + id)).build());
    }

    private String send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s answered %s", request.method(), request.uri(), response.body())
                .isEqualTo(200);
        return response.body();
    }

    /** The schema as a JSON string's content, the way it travels inside the API's JSON. */
    private static String escaped(String json) {
        return json.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}

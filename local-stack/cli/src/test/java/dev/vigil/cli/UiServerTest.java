package dev.vigil.cli;

import static dev.vigil.cli.UiRecords.HEIGHT;
import static dev.vigil.cli.UiRecords.WIDTH;
import static dev.vigil.cli.UiRecords.alert;
import static dev.vigil.cli.UiRecords.box;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.Frame;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page's HTTP server, on a free loopback port, over a view fed in this test. */
class UiServerTest {
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LiveView view = new LiveView(UiSettings.onPort(0));
    private UiServer server;

    @BeforeEach
    void start() {
        server = UiServer.start(view, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesThePageFromThisJarAndNothingFromElsewhere() throws Exception {
        assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"/app.js\">");
        for (String file : List.of("/", "/app.js", "/app.css")) {
            assertThat(get(file).body())
                    .as(file)
                    .doesNotContain("http://")
                    .doesNotContain("https://");
        }
        assertThat(get("/app.js").body()).contains("new EventSource(\"/api/events\")");
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void givesTheHeldAlertsAndSourcesAsJsonAndAFramesPicture() throws Exception {
        view.frame(new SyntheticCamera("yard/cam-1", WIDTH, HEIGHT).frame(3, Instant.now()));
        view.alert(
                alert(
                        "a3",
                        "yard/cam-1",
                        "object-persists",
                        3,
                        box(new Rectangle(20, 20, 80, 40))));

        assertThat(get("/api/alerts").body())
                .startsWith("[{\"alertId\":\"a3\",\"sourceId\":\"yard/cam-1\"")
                .contains("\"box\":[");
        assertThat(get("/api/sources").body())
                .contains("\"sourceId\":\"yard/cam-1\"")
                .contains("\"lastSequence\":3")
                .contains("\"lastAlert\":{\"alertId\":\"a3\"");

        HttpResponse<byte[]> picture =
                client.send(
                        request("/api/picture?source=yard%2Fcam-1&sequence=3&alert=a3"),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(picture.statusCode()).isEqualTo(200);
        assertThat(picture.headers().firstValue("content-type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(picture.body()));
        assertThat(image.getWidth()).isEqualTo(WIDTH);

        HttpResponse<String> gone = get("/api/picture?source=yard%2Fcam-1&sequence=2");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("Frame 2 of yard/cam-1 is not held");
        assertThat(get("/api/picture?source=yard%2Fcam-1&sequence=x").statusCode()).isEqualTo(400);
    }

    @Test
    void streamsTheSourcesPanelAndEachAlertAsServerSentEvents() throws Exception {
        view.frame(new SyntheticCamera("yard/cam-1", WIDTH, HEIGHT).frame(0, Instant.now()));
        HttpResponse<java.io.InputStream> stream =
                client.send(request("/api/events"), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.headers().firstValue("content-type"))
                .hasValue("text/event-stream; charset=utf-8");
        try (BufferedReader events =
                new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(events.readLine()).isEqualTo("event: sources");
            assertThat(events.readLine()).startsWith("data: [{\"sourceId\":\"yard/cam-1\"");
            assertThat(events.readLine()).isEmpty();

            view.alert(
                    alert(
                            "a0",
                            "yard/cam-1",
                            "object-persists",
                            0,
                            box(new Rectangle(20, 20, 80, 40))));
            List<String> lines = new ArrayList<>();
            String line;
            while (!(line = events.readLine()).startsWith("data: {\"alertId\"")) {
                lines.add(line);
            }
            assertThat(line).contains("\"rule\":\"object-persists\"");
            assertThat(lines).last().isEqualTo("event: alert");
        }
    }

    @Test
    void saysWhichFrameDoesNotDecode() throws Exception {
        Frame frame = new SyntheticCamera("yard/cam-1", WIDTH, HEIGHT).frame(1, Instant.now());
        frame.setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        view.frame(frame);
        HttpResponse<String> broken = get("/api/picture?source=yard%2Fcam-1&sequence=1");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).contains("Frame 1 of yard/cam-1 is not a readable JPEG image");
    }

    @Test
    void saysWhenItsPortIsTaken() {
        int taken = server.uri().getPort();
        assertThatThrownBy(() -> UiServer.start(view, taken))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("Cannot serve the page on 127.0.0.1:" + taken)
                .hasMessageContaining("--port");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path) {
        URI uri = server.uri().resolve(path);
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
    }
}

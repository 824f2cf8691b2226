package dev.vigil.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The live alerts page's HTTP server (Jetty's core, on the loopback address only): the page itself
 * (three static files, no script or style from elsewhere), the held alerts and sources as JSON, a
 * frame's picture as PNG, and the live events as Server-Sent Events, one stream per page.
 */
final class UiServer implements AutoCloseable {
    /** How often a page's stream sends the sources' panel; also its keep-alive. */
    static final Duration PANEL_EVERY = Duration.ofSeconds(1);

    private static final String LOOPBACK = "127.0.0.1";
    private final LiveView view;
    private final Map<String, StaticFile> files =
            Map.of(
                    "/", load("index.html", "text/html; charset=utf-8"),
                    "/app.js", load("app.js", "text/javascript; charset=utf-8"),
                    "/app.css", load("app.css", "text/css; charset=utf-8"));
    private final Server server = new Server();

    private record StaticFile(byte[] bytes, String type) {}

    private UiServer(LiveView view) {
        this.view = view;
    }

    /**
     * Serves {@code view} on {@code port} of the loopback address (0: a free one).
     *
     * @throws CliException if the port is taken
     */
    static UiServer start(LiveView view, int port) {
        UiServer ui = new UiServer(view);
        ServerConnector connector = new ServerConnector(ui.server);
        connector.setHost(LOOPBACK);
        connector.setPort(port);
        ui.server.addConnector(connector);
        ui.server.setHandler(ui.new Routes());
        ui.server.setStopTimeout(2_000);
        try {
            ui.server.start();
        } catch (Exception e) {
            ui.close();
            throw new CliException(
                    "Cannot serve the page on "
                            + LOOPBACK
                            + ":"
                            + port
                            + " ("
                            + e.getMessage()
                            + "): is another 'vigil ui' running? Choose a port with --port.");
        }
        return ui;
    }

    /** The page's address. */
    URI uri() {
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return URI.create("http://" + LOOPBACK + ":" + port + "/");
    }

    /** Ends the pages' streams, then stops the server. */
    @Override
    public void close() {
        view.closeSubscriptions();
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("vigil: the page's server did not stop cleanly: " + e);
        }
    }

    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback)
                throws Exception {
            if (!HttpMethod.GET.is(request.getMethod())) {
                Response.writeError(request, response, callback, 405);
                return true;
            }
            String path = Request.getPathInContext(request);
            switch (path) {
                case "/api/events" -> events(response, callback);
                case "/api/alerts" -> json(response, callback, UiJson.alerts(view.alerts()));
                case "/api/sources" -> json(response, callback, UiJson.sources(view.sources()));
                case "/api/picture" -> picture(request, response, callback);
                default -> page(path, request, response, callback);
            }
            return true;
        }
    }

    private void page(String path, Request request, Response response, Callback callback) {
        StaticFile file = files.get(path);
        if (file == null) {
            Response.writeError(request, response, callback, 404, "No page " + path);
            return;
        }
        respond(response, callback, file.type(), file.bytes());
    }

    private void picture(Request request, Response response, Callback callback) {
        Fields query = Request.extractQueryParameters(request);
        String source = query.getValue("source");
        long sequence;
        try {
            sequence = Long.parseLong(String.valueOf(query.getValue("sequence")));
        } catch (NumberFormatException e) {
            sequence = -1;
        }
        if (source == null || sequence < 0) {
            Response.writeError(
                    request, response, callback, 400, "Give ?source=ID&sequence=N[&alert=ID]");
            return;
        }
        Optional<byte[]> png;
        try {
            png = view.picture(source, sequence, query.getValue("alert"));
        } catch (CliException e) {
            // A frame that does not decode (the job dead-letters it): say so, not a stack trace.
            Response.writeError(request, response, callback, 500, e.getMessage());
            return;
        }
        if (png.isEmpty()) {
            Response.writeError(
                    request,
                    response,
                    callback,
                    404,
                    "Frame "
                            + sequence
                            + " of "
                            + source
                            + " is not held: the page holds each source's latest frames since"
                            + " it started");
            return;
        }
        respond(response, callback, "image/png", png.get());
    }

    /**
     * The page's event stream: the held alerts, then each event, and the sources' panel every
     * {@link #PANEL_EVERY}. Blocks this server thread for as long as the page stays.
     */
    private void events(Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        try (UiSubscription subscription = view.subscribe()) {
            long nextPanel = System.nanoTime();
            while (subscription.isOpen()) {
                if (System.nanoTime() - nextPanel >= 0) {
                    send(response, UiEvent.sources(view.sources()));
                    nextPanel = System.nanoTime() + PANEL_EVERY.toNanos();
                }
                UiEvent event = subscription.next(PANEL_EVERY);
                if (event != null) {
                    send(response, event);
                }
            }
            callback.succeeded();
        } catch (IOException e) {
            // The page went away.
            callback.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        }
    }

    private static void send(Response response, UiEvent event) throws IOException {
        Content.Sink.write(response, false, ByteBuffer.wrap(event.sse()));
    }

    private static void json(Response response, Callback callback, String json) {
        respond(response, callback, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(Response response, Callback callback, String type, byte[] body) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** A file of the page, read once from this jar. */
    private static StaticFile load(String name, String type) {
        String resource = "ui/" + name;
        try (InputStream in = UiServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No resource " + resource + " next to UiServer");
            }
            return new StaticFile(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.vigil.cli;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A running live alerts page: a reader thread that follows the frames, detections and alerts
 * (committed records only) into a {@link LiveView}, and the {@link UiServer} that shows it. {@link
 * #close()} stops both and releases the consumer.
 */
final class UiSession implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final OutputReader reader;
    private final UiServer server;
    private final Thread thread;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean stopping;
    private boolean closed;
    private volatile RuntimeException failure;

    private UiSession(OutputReader reader, UiServer server, LiveView view) {
        this.reader = reader;
        this.server = server;
        this.thread = new Thread(() -> follow(view), "vigil-ui-reader");
    }

    /**
     * Checks the registry, opens the reader (at the topics' end, or their beginning), starts the
     * server on {@code settings}' port and starts following.
     *
     * @throws CliException if the registry or broker does not answer, a topic is missing or the
     *     port is taken
     */
    static UiSession start(KafkaEndpoint kafka, UiSettings settings, boolean fromBeginning) {
        kafka.requireRegistry();
        LiveView view = new LiveView(settings);
        OutputReader reader = OutputReader.open(kafka, true, fromBeginning);
        // Catching up, the alerts come first: their frames are then held as they are read.
        reader.alertsFirst();
        UiServer server;
        try {
            server = UiServer.start(view, settings.port());
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
        UiSession session = new UiSession(reader, server, view);
        session.thread.start();
        return session;
    }

    URI uri() {
        return server.uri();
    }

    /**
     * Waits until {@link #close()} or, where not null, for {@code timeout}.
     *
     * @throws CliException if the reader stopped on an error
     */
    void await(Duration timeout) throws InterruptedException {
        if (timeout == null) {
            ended.await();
        } else {
            ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (failure != null) {
            throw new CliException("The live alerts page stopped reading: " + failure.getMessage());
        }
    }

    private void follow(LiveView view) {
        try {
            while (!stopping) {
                reader.poll(POLL, view);
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            reader.close();
            ended.countDown();
        }
    }

    /** Stops the reader thread (which closes the reader) and the server; waits for both. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
    }
}

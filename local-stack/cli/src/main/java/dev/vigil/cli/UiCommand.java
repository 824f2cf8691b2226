package dev.vigil.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil ui}: the live alerts page, until interrupted. */
@Command(
        name = "ui",
        mixinStandardHelpOptions = true,
        description =
                "Serve the live alerts page, each alert with its picture, on 127.0.0.1: each alert"
                    + " is drawn on the frame that raised it, with the detector's boxes; the page"
                    + " filters by source, label and rule, and has a panel per source (last frame,"
                    + " frames/s, last alert). Runs until Ctrl-C.")
final class UiCommand implements Callable<Integer> {
    @Mixin KafkaEndpoint kafka;

    @Option(
            names = "--port",
            defaultValue = "" + UiSettings.DEFAULT_PORT,
            description = "Port of the page on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--from-beginning",
            description = "Read the topics from their beginning, not from their end.")
    boolean fromBeginning;

    @Option(
            names = "--keep-alerts",
            defaultValue = "" + UiSettings.DEFAULT_KEPT_ALERTS,
            description =
                    "Alerts the page holds, the oldest dropped first (default: ${DEFAULT-VALUE}).")
    int keepAlerts;

    @Option(
            names = "--keep-frames",
            defaultValue = "" + UiSettings.DEFAULT_KEPT_FRAMES,
            description =
                    "Latest frames held per source, for its panel; an alert's frame is held as"
                            + " long as the alert (default: ${DEFAULT-VALUE}).")
    int keepFrames;

    @Option(
            names = "--keep-sources",
            defaultValue = "" + UiSettings.DEFAULT_KEPT_SOURCES,
            description =
                    "Sources held, the least recently seen dropped first (default:"
                            + " ${DEFAULT-VALUE}).")
    int keepSources;

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            description = "Stop after this long, e.g. 10m (default: until interrupted).")
    Duration duration;

    @Override
    public Integer call() throws InterruptedException {
        UiSettings settings =
                new UiSettings(
                        port, keepAlerts, keepFrames, keepSources, UiSettings.DEFAULT_PAGE_QUEUE);
        try (UiSession session = UiSession.start(kafka, settings, fromBeginning)) {
            // Ctrl-C: stop reading, end the pages' streams, release the consumer, then exit.
            Thread hook = new Thread(session::close, "vigil-ui-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.println("vigil ui: the live alerts page is at " + session.uri());
            System.out.flush();
            try {
                session.await(duration);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is closing the session.
                }
            }
        }
        return 0;
    }
}

package dev.vigil.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil alerts}: follow the alerts topic, print each alert, optionally draw it. */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description =
                "Follow the alerts topic and print each alert as it arrives, one line each (or Avro"
                    + " JSON with --json). With --render DIR, also write a PNG of the frame that"
                    + " raised it, its box in red and the detector's other boxes in yellow.")
final class AlertsCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(500);

    @Mixin KafkaEndpoint kafka;

    @Option(names = "--json", description = "Print Avro JSON, one alert per line.")
    boolean json;

    @Option(
            names = "--render",
            paramLabel = "DIR",
            description = "Write a PNG of each alert's frame with the boxes into DIR.")
    Path render;

    @Option(
            names = "--from-beginning",
            description = "Start at the beginning of the topics, not at their end.")
    boolean fromBeginning;

    @Option(
            names = "--max",
            defaultValue = "0",
            description = "Stop after this many alerts (default: follow until interrupted).")
    long max;

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            description = "Stop after this long, e.g. 60s (default: follow until interrupted).")
    Duration duration;

    @Override
    public Integer call() {
        AlertPrinter printer = new AlertPrinter(json ? AlertFormat.JSON : AlertFormat.PRETTY);
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        try (AlertRenderer renderer = render == null ? null : new AlertRenderer(render);
                OutputReader reader = OutputReader.open(kafka, render != null, fromBeginning)) {
            OutputReader.Listener listener =
                    renderer == null ? printer : OutputReader.Listener.all(printer, renderer);
            while ((max <= 0 || printer.printed() < max) && System.nanoTime() < deadline) {
                reader.poll(POLL, listener);
            }
        }
        return 0;
    }
}

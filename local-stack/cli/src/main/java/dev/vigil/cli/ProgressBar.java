package dev.vigil.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on a terminal ({@code [#####-----] 120/360 frames 6.0/s}), redrawn at
 * most four times a second; where the output is not a terminal, a plain line every ten seconds.
 */
final class ProgressBar implements FrameProducer.Progress {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDrawn;
    private int barLength;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** On standard error, redrawn in place when a terminal is attached. */
    static ProgressBar onStandardError() {
        return new ProgressBar(System.err, System.console() != null);
    }

    @Override
    public synchronized void update(long sent, long acknowledged, long total) {
        long now = System.nanoTime();
        boolean finished = total >= 0 && acknowledged == total;
        if (!finished && now - lastDrawn < (terminal ? 250_000_000L : 10_000_000_000L)) {
            return;
        }
        lastDrawn = now;
        String line = line(sent, acknowledged, total, (now - start) / 1e9);
        if (terminal) {
            barLength = finished ? 0 : line.length();
            out.print("\r" + line + (finished ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** On a line of its own; on a terminal over the bar, which the next update draws again. */
    @Override
    public synchronized void note(String line) {
        out.println(
                terminal ? "\r" + line + " ".repeat(Math.max(0, barLength - line.length())) : line);
        barLength = 0;
        out.flush();
    }

    static String line(long sent, long acknowledged, long total, double seconds) {
        String rate = String.format("%.1f/s", seconds > 0 ? sent / seconds : 0.0);
        if (total < 0) {
            return String.format(
                    "produce %d frames (%d acknowledged) %s", sent, acknowledged, rate);
        }
        int filled = total == 0 ? WIDTH : (int) (WIDTH * acknowledged / total);
        return String.format(
                "produce [%s%s] %d/%d frames %s",
                "#".repeat(filled), "-".repeat(WIDTH - filled), acknowledged, total, rate);
    }
}

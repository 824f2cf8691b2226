package dev.vigil.cli;

/**
 * The live alerts page's server: where it listens and how much it holds.
 *
 * @param port the loopback port of the page (0: any free one)
 * @param keptAlerts alerts held for the page, the oldest dropped first
 * @param keptFrames frames held per source, with their detection records
 * @param keptSources sources held, the least recently seen dropped first
 * @param pageQueue events a page's stream may fall behind before it is dropped and reconnects; more
 *     than {@code keptAlerts}, which a new page is sent first
 */
record UiSettings(int port, int keptAlerts, int keptFrames, int keptSources, int pageQueue) {
    static final int DEFAULT_PORT = 8088;
    // 50 frames of a 640x480 JPEG source are 2-3 MiB: a page of a few busy sources in tens of MiB.
    static final int DEFAULT_KEPT_ALERTS = 200;
    static final int DEFAULT_KEPT_FRAMES = 50;
    static final int DEFAULT_KEPT_SOURCES = 64;
    static final int DEFAULT_PAGE_QUEUE = 1024;

    UiSettings {
        if (keptAlerts < 1 || keptFrames < 1 || keptSources < 1) {
            throw new CliException(
                    "--keep-alerts, --keep-frames and --keep-sources must be at least 1");
        }
        // A new page is sent the held alerts first: they must fit in its queue.
        if (pageQueue <= keptAlerts) {
            throw new CliException(
                    "--keep-alerts must be below " + pageQueue + ", the events a page may queue");
        }
    }

    /** The defaults on {@code port}. */
    static UiSettings onPort(int port) {
        return new UiSettings(
                port,
                DEFAULT_KEPT_ALERTS,
                DEFAULT_KEPT_FRAMES,
                DEFAULT_KEPT_SOURCES,
                DEFAULT_PAGE_QUEUE);
    }
}

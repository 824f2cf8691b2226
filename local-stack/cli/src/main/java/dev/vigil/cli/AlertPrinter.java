package dev.vigil.cli;

import dev.vigil.schemas.Alert;

/** Prints each alert to standard output as it arrives, and counts them. */
final class AlertPrinter implements OutputReader.Listener {
    private final AlertFormat format;
    private long printed;

    AlertPrinter(AlertFormat format) {
        this.format = format;
    }

    @Override
    public void alert(Alert alert) {
        System.out.println(format.format(alert));
        printed++;
    }

    long printed() {
        return printed;
    }
}

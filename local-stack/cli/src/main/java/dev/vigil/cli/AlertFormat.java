package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.NormalizedBox;

/** How {@code vigil alerts} and the demo print an alert: one line for people, or Avro JSON. */
enum AlertFormat {
    PRETTY {
        @Override
        String format(Alert alert) {
            NormalizedBox box = alert.getBox();
            return String.format(
                    "alert %s %-12s %s '%s' track %d frames %d..%d score %.2f"
                            + " box (%.2f,%.2f)-(%.2f,%.2f) model %s%s%s",
                    alert.getEmittedTime(),
                    alert.getSourceId(),
                    alert.getRule(),
                    alert.getLabel(),
                    alert.getTrackId(),
                    alert.getFirstSequence(),
                    alert.getLastSequence(),
                    alert.getScore(),
                    box.getXMin(),
                    box.getYMin(),
                    box.getXMax(),
                    box.getYMax(),
                    model(alert),
                    alert.getText() == null ? "" : " text '" + alert.getText() + "'",
                    alert.getWatchEntry() == null
                            ? ""
                            : " matches watchlist '" + alert.getWatchEntry() + "'");
        }
    },
    /** Avro's JSON encoding of the record, one per line (timestamps as epoch milliseconds). */
    JSON {
        @Override
        String format(Alert alert) {
            return AvroJson.of(alert);
        }
    };

    abstract String format(Alert alert);

    /**
     * name@version of the alert's model. Alerts written before Alert.modelName existed hold
     * name@version in modelVersion already.
     */
    static String model(Alert alert) {
        return alert.getModelName() == null
                ? alert.getModelVersion()
                : alert.getModelName() + "@" + alert.getModelVersion();
    }
}

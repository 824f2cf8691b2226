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
                            + " box (%.2f,%.2f)-(%.2f,%.2f) model %s",
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
                    alert.getModelVersion());
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
}

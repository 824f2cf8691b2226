package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One Server-Sent Event of the live alerts page: its type and its JSON data (one line). */
record UiEvent(String type, String json) {
    static UiEvent alert(Alert alert) {
        return new UiEvent("alert", UiJson.alert(alert));
    }

    /** An alerted frame, or its detection record, arrived: its picture changed. */
    static UiEvent redraw(FrameKey frame) {
        return new UiEvent("redraw", UiJson.frame(frame));
    }

    static UiEvent sources(List<SourceView.Summary> sources) {
        return new UiEvent("sources", UiJson.sources(sources));
    }

    /** The event as the {@code text/event-stream} format frames it. */
    byte[] sse() {
        return ("event: " + type + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}

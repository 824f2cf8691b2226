package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.NormalizedBox;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The live alerts page's JSON: plain names and numbers for the page's script (not Avro's JSON
 * encoding, which wraps optional fields in their union's type), times as epoch milliseconds.
 */
final class UiJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private UiJson() {}

    static String alert(Alert alert) {
        return write(alertNode(alert));
    }

    static String alerts(List<Alert> alerts) {
        ArrayNode array = MAPPER.createArrayNode();
        alerts.forEach(alert -> array.add(alertNode(alert)));
        return write(array);
    }

    static String frame(FrameKey frame) {
        return write(
                MAPPER.createObjectNode()
                        .put("sourceId", frame.sourceId())
                        .put("sequence", frame.sequence())
                        .put("picture", picture(frame, null)));
    }

    static String sources(List<SourceView.Summary> sources) {
        ArrayNode array = MAPPER.createArrayNode();
        for (SourceView.Summary source : sources) {
            ObjectNode node =
                    array.addObject()
                            .put("sourceId", source.sourceId())
                            .put("frames", source.frames())
                            .put("lastSequence", source.lastSequence())
                            .put("framesPerSecond", source.framesPerSecond());
            if (source.lastCapture() != null) {
                node.put("lastCapture", source.lastCapture().toEpochMilli())
                        .put(
                                "picture",
                                picture(
                                        new FrameKey(source.sourceId(), source.lastSequence()),
                                        null));
            }
            if (source.lastAlert() != null) {
                node.set("lastAlert", alertNode(source.lastAlert()));
            }
        }
        return write(array);
    }

    /** An alert's fields, its picture's address, and the text a reading model gave it if any. */
    private static ObjectNode alertNode(Alert alert) {
        NormalizedBox box = alert.getBox();
        ObjectNode node =
                MAPPER.createObjectNode()
                        .put("alertId", alert.getAlertId().toString())
                        .put("sourceId", alert.getSourceId().toString())
                        .put("rule", alert.getRule().toString())
                        .put("label", alert.getLabel().toString())
                        .put("trackId", alert.getTrackId())
                        .put("firstSequence", alert.getFirstSequence())
                        .put("lastSequence", alert.getLastSequence())
                        .put("score", alert.getScore())
                        .put("model", AlertFormat.model(alert))
                        .put("emittedTime", alert.getEmittedTime().toEpochMilli())
                        .put(
                                "picture",
                                picture(
                                        FrameKey.of(alert.getSourceId(), alert.getLastSequence()),
                                        alert.getAlertId().toString()));
        node.putArray("box")
                .add(box.getXMin())
                .add(box.getYMin())
                .add(box.getXMax())
                .add(box.getYMax());
        node.put("text", alert.getText()).put("watchEntry", alert.getWatchEntry());
        return node;
    }

    /** The address of a frame's picture, with {@code alertId}'s box on it where not null. */
    static String picture(FrameKey frame, String alertId) {
        return "/api/picture?source="
                + URLEncoder.encode(frame.sourceId(), StandardCharsets.UTF_8)
                + "&sequence="
                + frame.sequence()
                + (alertId == null
                        ? ""
                        : "&alert=" + URLEncoder.encode(alertId, StandardCharsets.UTF_8));
    }

    private static String write(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

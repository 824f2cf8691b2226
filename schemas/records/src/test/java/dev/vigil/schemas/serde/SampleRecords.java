package dev.vigil.schemas.serde;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.FailureStage;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import dev.vigil.schemas.ModelBinding;
import dev.vigil.schemas.NormalizedBox;
import dev.vigil.schemas.RuleKind;
import dev.vigil.schemas.SourceConfig;
import dev.vigil.schemas.SourceRule;
import dev.vigil.schemas.StageTimings;
import dev.vigil.schemas.Zone;
import dev.vigil.schemas.ZoneMembership;
import dev.vigil.schemas.ZonePoint;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One filled-in record of each type, every field set, for round-trip tests. */
final class SampleRecords {
    static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123Z");

    private SampleRecords() {}

    static Frame frame() {
        byte[] pixels = new byte[4 * 3 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        return Frame.newBuilder()
                .setSourceId("dock-3/cam-12")
                .setSequence(42)
                .setCaptureTime(T0)
                .setEncoding(FrameEncoding.RAW_RGB8)
                .setWidth(4)
                .setHeight(3)
                .setPayload(ByteBuffer.wrap(pixels))
                .setAttributes(Map.of("site", "dock-3"))
                .build();
    }

    static NormalizedBox box() {
        return new NormalizedBox(0.1f, 0.2f, 0.4f, 0.5f);
    }

    static Detection detection() {
        return Detection.newBuilder()
                .setSourceId("dock-3/cam-12")
                .setSequence(42)
                .setCaptureTime(T0)
                .setModelName("text-det")
                .setModelVersion("2")
                .setGuestModule("text-detect")
                .setGuestVersion("1.0.0")
                .setBoxes(
                        List.of(
                                DetectedBox.newBuilder()
                                        .setLabel("text")
                                        .setScore(0.93f)
                                        .setBox(box())
                                        .setText("AB123CD")
                                        .setTextScore(0.88f)
                                        .build()))
                .setTimings(new StageTimings(120L, 900L, 15_000L, 300L, 8))
                .setModels(
                        List.of(
                                new ModelBinding("detector", "text-det", "2"),
                                new ModelBinding("recogniser", "text-rec", "4")))
                .build();
    }

    static Alert alert() {
        return Alert.newBuilder()
                .setAlertId("a1b2c3")
                .setSourceId("dock-3/cam-12")
                .setRule("text-persists")
                .setLabel("text")
                .setTrackId(7)
                .setFirstSequence(40)
                .setLastSequence(42)
                .setScore(0.93f)
                .setBox(box())
                .setModelName("text-det")
                .setModelVersion("2")
                .setEmittedTime(T0.plusMillis(50))
                .setText("AB 123 CD")
                .setWatchEntry("AB123CD")
                .build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setOriginTopic("frames")
                .setOriginPartition(3)
                .setOriginOffset(1234)
                .setKey(ByteBuffer.wrap("dock-3/cam-12".getBytes()))
                .setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setStage(FailureStage.DECODE)
                .setReasonCode("NOT_WIRE_FORMAT")
                .setMessage("starts with 0x01")
                .setSourceId(null)
                .setSequence(null)
                .setTime(T0)
                .build();
    }

    /** A camera with a dock zone, a dwell rule on it and a watchlist. */
    static SourceConfig sourceConfig() {
        return SourceConfig.newBuilder()
                .setEnabled(true)
                .setPipeline("plates")
                .setRules(
                        List.of(
                                SourceRule.newBuilder()
                                        .setName("loiters-at-dock")
                                        .setKind(RuleKind.DWELL)
                                        .setDwellMillis(30_000)
                                        .setZones(List.of("dock"))
                                        .build()))
                .setZones(
                        List.of(
                                new Zone(
                                        "dock",
                                        List.of(
                                                new ZonePoint(0.1f, 0.5f),
                                                new ZonePoint(0.9f, 0.5f),
                                                new ZonePoint(0.5f, 1f)))))
                .setZoneMembership(ZoneMembership.OVERLAP)
                .setMinOverlap(0.3f)
                .setWatchlist(List.of("AB123CD"))
                .setAttributes(Map.of("site", "dock-3"))
                .build();
    }
}

package dev.vigil.job.alert;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.NormalizedBox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The alert stage, keyed by source: follows each source's boxes from frame to frame (greedy IoU
 * matching per label; a box unmatched in a frame ends its track) and raises an {@link Alert} when a
 * track has lasted {@link AlertRule#minFrames()} frames, again after each cooldown (the persistence
 * rule), and when the text read in a track's box matches the {@link Watchlist}, once per track (the
 * watchlist rule: the matched entry is kept in the track's keyed state, so neither the next frame
 * nor a restore from a checkpoint or savepoint raises it again).
 *
 * <p>Everything it decides is a function of the detections in order: track ids count per source,
 * cooldowns run on capture time, and the alert id is derived from source, rule, track and the
 * sequence of the alerting frame. A replay after a failure therefore raises the same alerts with
 * the same ids, which is what lets consumers of an at-least-once alerts topic drop duplicates.
 * State of a source that stops sending expires after {@code idleTtl}.
 */
public final class AlertTracker extends KeyedProcessFunction<String, Detection, Alert> {
    private static final Comparator<Track> BY_ID = Comparator.comparingLong(track -> track.id);

    private final AlertRule rule;
    private final Watchlist watchlist;
    private final Duration idleTtl;

    private transient MapState<Long, Track> tracks;
    private transient ValueState<Long> nextTrackId;

    public AlertTracker(AlertRule rule, Watchlist watchlist, Duration idleTtl) {
        this.rule = rule;
        this.watchlist = watchlist;
        this.idleTtl = idleTtl;
    }

    @Override
    public void open(OpenContext context) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(idleTtl).build();
        MapStateDescriptor<Long, Track> tracksDescriptor =
                new MapStateDescriptor<>("tracks", Types.LONG, TypeInformation.of(Track.class));
        tracksDescriptor.enableTimeToLive(ttl);
        ValueStateDescriptor<Long> nextIdDescriptor =
                new ValueStateDescriptor<>("next-track-id", Types.LONG);
        nextIdDescriptor.enableTimeToLive(ttl);
        tracks = getRuntimeContext().getMapState(tracksDescriptor);
        nextTrackId = getRuntimeContext().getState(nextIdDescriptor);
    }

    @Override
    public void processElement(Detection detection, Context context, Collector<Alert> out)
            throws Exception {
        Map<Long, Track> open = new HashMap<>();
        for (Map.Entry<Long, Track> entry : tracks.entries()) {
            open.put(entry.getKey(), entry.getValue());
        }
        List<Track> seen = new ArrayList<>();
        for (DetectedBox box : detection.getBoxes()) {
            if (!rule.watches(box.getLabel(), box.getScore()) && !read(box)) {
                continue;
            }
            Track track = bestMatch(open, box);
            if (track == null) {
                track = newTrack(box, detection.getSequence());
            } else {
                open.remove(track.id);
                track.frames++;
            }
            follow(track, box, detection.getSequence());
            seen.add(track);
        }
        tracks.clear(); // tracks not seen in this frame end here
        long captureTime = detection.getCaptureTime().toEpochMilli();
        long now = context.timerService().currentProcessingTime();
        for (Track track : seen) {
            if (rule.watches(track.label, track.score)
                    && track.frames >= rule.minFrames()
                    && coolingDownOver(track, captureTime)) {
                track.lastAlertAt = captureTime;
                out.collect(alert(detection, track, rule.name(), null, now));
            }
            if (track.watchEntry == null) {
                Optional<String> entry = watchlist.match(track.text);
                if (entry.isPresent()) {
                    track.watchEntry = entry.get();
                    out.collect(alert(detection, track, watchlist.rule(), entry.get(), now));
                }
            }
            tracks.put(track.id, track);
        }
    }

    /**
     * A box the watchlist follows: one scoring as the persistence rule asks, with or without text,
     * so that a frame in which the reader misses the plate does not end its track (the next read
     * would alert again).
     */
    private boolean read(DetectedBox box) {
        return !watchlist.isEmpty() && box.getScore() >= rule.minScore();
    }

    /** The open track of the box's label that overlaps it most, if any reaches minIou. */
    private Track bestMatch(Map<Long, Track> open, DetectedBox box) {
        NormalizedBox b = box.getBox();
        Track best = null;
        float bestIou = 0;
        // In id order with a strict '>', a tie goes to the older track: no dependence on map order.
        for (Track track : open.values().stream().sorted(BY_ID).toList()) {
            if (!track.label.equals(box.getLabel())) {
                continue;
            }
            float iou = track.iou(b.getXMin(), b.getYMin(), b.getXMax(), b.getYMax());
            if (iou >= rule.minIou() && iou > bestIou) {
                best = track;
                bestIou = iou;
            }
        }
        return best;
    }

    private Track newTrack(DetectedBox box, long sequence) throws Exception {
        Long next = nextTrackId.value();
        Track track = new Track();
        track.id = next == null ? 1 : next;
        track.label = box.getLabel();
        track.firstSequence = sequence;
        track.frames = 1;
        nextTrackId.update(track.id + 1);
        return track;
    }

    private static void follow(Track track, DetectedBox box, long sequence) {
        NormalizedBox b = box.getBox();
        track.lastSequence = sequence;
        track.score = box.getScore();
        track.text = box.getText();
        track.xMin = b.getXMin();
        track.yMin = b.getYMin();
        track.xMax = b.getXMax();
        track.yMax = b.getYMax();
    }

    private boolean coolingDownOver(Track track, long captureTime) {
        return track.lastAlertAt < 0
                || captureTime - track.lastAlertAt >= rule.cooldown().toMillis();
    }

    private static Alert alert(
            Detection detection, Track track, String rule, String watchEntry, long now) {
        return Alert.newBuilder()
                .setAlertId(alertId(detection.getSourceId(), rule, track))
                .setSourceId(detection.getSourceId())
                .setRule(rule)
                .setLabel(track.label)
                .setTrackId(track.id)
                .setFirstSequence(track.firstSequence)
                .setLastSequence(track.lastSequence)
                .setScore(track.score)
                .setBox(new NormalizedBox(track.xMin, track.yMin, track.xMax, track.yMax))
                .setModelName(detection.getModelName())
                .setModelVersion(detection.getModelVersion())
                .setEmittedTime(Instant.ofEpochMilli(now))
                .setText(track.text)
                .setWatchEntry(watchEntry)
                .build();
    }

    /**
     * Stable across replays: the same source, rule, track and alerting frame give the same id (a
     * name-based UUID). The last sequence is part of it, so each cooldown's alert has its own.
     */
    static String alertId(String sourceId, String rule, Track track) {
        String name =
                sourceId
                        + "\n"
                        + rule
                        + "\n"
                        + track.id
                        + "\n"
                        + track.firstSequence
                        + "\n"
                        + track.lastSequence;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}

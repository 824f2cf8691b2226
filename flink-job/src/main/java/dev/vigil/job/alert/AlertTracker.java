package dev.vigil.job.alert;

import dev.vigil.job.sources.SourceConfigs;
import dev.vigil.job.sources.SourceUpdate;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.NormalizedBox;
import dev.vigil.schemas.SourceConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The alert stage, keyed by source: follows each source's boxes from frame to frame (greedy IoU
 * matching per label; a box unmatched in a frame ends its track) and applies the source's rules to
 * every track (see {@link SourceRules}): the source's own config from the sources topic, else the
 * fleet defaults' record ({@code *}), else the job's options (the persistence rule, and the
 * watchlist rule when the watchlist has entries). The configs are broadcast state, so a change
 * applies from the first frame after it arrives, in every subtask, and is restored with the job.
 *
 * <ul>
 *   <li>PERSISTENCE: a track has lasted {@code minFrames} frames, again after each cooldown.
 *   <li>WATCHLIST: the text read in a track's box matches the watchlist, once per track (the mark
 *       is kept in keyed state, so neither the next frame nor a restore raises it again).
 *   <li>ENTER: a track seen outside a zone in its previous frame is inside it now.
 *   <li>DWELL: a track has been inside a zone for {@code dwellMillis} of capture time, once per
 *       visit.
 * </ul>
 *
 * <p>Everything it decides is a function of the detections and the configs in order: track ids
 * count per source, cooldowns and dwell run on capture time, and the alert id is derived from
 * source, rule (and zone), track and the sequence of the alerting frame. A replay after a failure
 * therefore raises the same alerts with the same ids, which is what lets consumers of an
 * at-least-once alerts topic drop duplicates. State of a source that stops sending expires after
 * {@code idleTtl}.
 */
public final class AlertTracker
        extends KeyedBroadcastProcessFunction<String, Detection, SourceUpdate, Alert> {
    private static final Comparator<Track> BY_ID = Comparator.comparingLong(track -> track.id);

    private final AlertRule rule;
    private final Watchlist watchlist;
    private final Duration idleTtl;

    private transient SourceRules defaults;
    private transient Map<SourceConfig, SourceRules> compiled;
    private transient MapState<Long, Track> tracks;
    private transient ValueState<Long> nextTrackId;

    /**
     * Per track and rule (and zone): the capture time of its last alert, or of the visit it
     * alerted.
     */
    private transient MapState<String, Long> marks;

    /** Per track and zone it is in: the capture time it entered. */
    private transient MapState<String, Long> zoneSince;

    /**
     * @param rule the fleet's persistence rule when no config says otherwise, and the IoU that
     *     makes boxes of consecutive frames one track, for every source
     * @param watchlist the fleet's watchlist rule when no config says otherwise
     */
    public AlertTracker(AlertRule rule, Watchlist watchlist, Duration idleTtl) {
        this.rule = rule;
        this.watchlist = watchlist;
        this.idleTtl = idleTtl;
    }

    @Override
    public void open(OpenContext context) {
        defaults = SourceRules.of(rule, watchlist);
        compiled = new IdentityHashMap<>();
        StateTtlConfig ttl = StateTtlConfig.newBuilder(idleTtl).build();
        MapStateDescriptor<Long, Track> tracksDescriptor =
                new MapStateDescriptor<>("tracks", Types.LONG, TypeInformation.of(Track.class));
        tracksDescriptor.enableTimeToLive(ttl);
        ValueStateDescriptor<Long> nextIdDescriptor =
                new ValueStateDescriptor<>("next-track-id", Types.LONG);
        nextIdDescriptor.enableTimeToLive(ttl);
        MapStateDescriptor<String, Long> marksDescriptor =
                new MapStateDescriptor<>("rule-marks", Types.STRING, Types.LONG);
        marksDescriptor.enableTimeToLive(ttl);
        MapStateDescriptor<String, Long> zonesDescriptor =
                new MapStateDescriptor<>("zone-since", Types.STRING, Types.LONG);
        zonesDescriptor.enableTimeToLive(ttl);
        tracks = getRuntimeContext().getMapState(tracksDescriptor);
        nextTrackId = getRuntimeContext().getState(nextIdDescriptor);
        marks = getRuntimeContext().getMapState(marksDescriptor);
        zoneSince = getRuntimeContext().getMapState(zonesDescriptor);
    }

    @Override
    public void processBroadcastElement(SourceUpdate update, Context context, Collector<Alert> out)
            throws Exception {
        SourceConfigs.apply(update, context.getBroadcastState(SourceConfigs.DESCRIPTOR));
        // The cache holds the broadcast state's objects by identity (a hash of a whole config on
        // every frame would cost more than the rules): drop the replaced ones.
        compiled.clear();
    }

    @Override
    public void processElement(Detection detection, ReadOnlyContext context, Collector<Alert> out)
            throws Exception {
        SourceRules rules = rulesOf(detection.getSourceId(), context);
        if (!rules.enabled()) {
            tracks.clear();
            marks.clear();
            zoneSince.clear();
            return;
        }
        Map<Long, Track> open = new HashMap<>();
        for (Map.Entry<Long, Track> entry : tracks.entries()) {
            open.put(entry.getKey(), entry.getValue());
        }
        List<Track> seen = new ArrayList<>();
        List<Boolean> continued = new ArrayList<>();
        for (DetectedBox box : detection.getBoxes()) {
            if (!rules.follows(box.getLabel(), box.getScore())) {
                continue;
            }
            Track track = bestMatch(open, box);
            continued.add(track != null);
            if (track == null) {
                track = newTrack(box, detection.getSequence());
            } else {
                open.remove(track.id);
                track.frames++;
            }
            follow(track, box, detection.getSequence());
            seen.add(track);
        }
        Map<String, Long> oldMarks = copy(marks);
        Map<String, Long> oldSince = copy(zoneSince);
        // Tracks not seen in this frame end here, and with them their marks and visits.
        tracks.clear();
        marks.clear();
        zoneSince.clear();
        FrameContext frame =
                new FrameContext(
                        detection,
                        detection.getCaptureTime().toEpochMilli(),
                        context.timerService().currentProcessingTime(),
                        out);
        for (int i = 0; i < seen.size(); i++) {
            Track track = seen.get(i);
            Set<String> inside = rules.zonesOf(track.box());
            for (String zone : inside) {
                Long since = oldSince.get(key(track, zone));
                zoneSince.put(key(track, zone), since != null ? since : frame.captureTime);
            }
            for (SourceRule each : rules.rules()) {
                apply(each, rules, track, continued.get(i), inside, oldMarks, oldSince, frame);
            }
            tracks.put(track.id, track);
        }
    }

    /** What the rules of one frame need besides the track. */
    private record FrameContext(
            Detection detection, long captureTime, long now, Collector<Alert> out) {}

    private void apply(
            SourceRule each,
            SourceRules rules,
            Track track,
            boolean continued,
            Set<String> inside,
            Map<String, Long> oldMarks,
            Map<String, Long> oldSince,
            FrameContext frame)
            throws Exception {
        String markKey = key(track, each.name());
        Long mark = oldMarks.get(markKey);
        if (mark != null) {
            marks.put(markKey, mark);
        }
        switch (each.kind()) {
            case PERSISTENCE -> {
                if (mark == null && rules.fromOptions() && track.lastAlertAt >= 0) {
                    mark = track.lastAlertAt; // written before the marks existed
                }
                if (each.watches(track.label, track.score)
                        && track.frames >= each.minFrames()
                        && each.inItsZones(inside)
                        && (mark == null || frame.captureTime - mark >= each.cooldownMillis())) {
                    marks.put(markKey, frame.captureTime);
                    if (rules.fromOptions()) {
                        track.lastAlertAt = frame.captureTime;
                    }
                    frame.out.collect(alert(frame, track, each.name(), null, null));
                }
            }
            case WATCHLIST -> {
                boolean alerted = mark != null || (rules.fromOptions() && track.watchEntry != null);
                Optional<String> entry = rules.watchlist().match(track.text);
                if (!alerted && entry.isPresent() && each.inItsZones(inside)) {
                    marks.put(markKey, frame.captureTime);
                    if (rules.fromOptions()) {
                        track.watchEntry = entry.get();
                    }
                    frame.out.collect(alert(frame, track, each.name(), entry.get(), null));
                }
            }
            case ENTER -> {
                if (continued && each.watches(track.label, track.score)) {
                    for (String zone : each.zones()) {
                        if (inside.contains(zone) && !oldSince.containsKey(key(track, zone))) {
                            frame.out.collect(alert(frame, track, each.name(), null, zone));
                        }
                    }
                }
            }
            case DWELL -> {
                for (String zone : each.zones()) {
                    Long since = zoneSince.get(key(track, zone));
                    String visitKey = key(track, each.name() + "\n" + zone);
                    Long alertedVisit = oldMarks.get(visitKey);
                    if (alertedVisit != null && alertedVisit.equals(since)) {
                        marks.put(visitKey, alertedVisit);
                    } else if (since != null
                            && each.watches(track.label, track.score)
                            && frame.captureTime - since >= each.dwellMillis()) {
                        marks.put(visitKey, since);
                        frame.out.collect(alert(frame, track, each.name(), null, zone));
                    }
                }
            }
            default -> throw new IllegalStateException("Unchecked rule kind " + each.kind());
        }
    }

    private SourceRules rulesOf(String sourceId, ReadOnlyContext context) throws Exception {
        SourceConfig config =
                SourceConfigs.of(sourceId, context.getBroadcastState(SourceConfigs.DESCRIPTOR));
        return config == null ? defaults : compiled.computeIfAbsent(config, SourceRules::of);
    }

    private static Map<String, Long> copy(MapState<String, Long> state) throws Exception {
        Map<String, Long> copy = new HashMap<>();
        for (Map.Entry<String, Long> entry : state.entries()) {
            copy.put(entry.getKey(), entry.getValue());
        }
        return copy;
    }

    private static String key(Track track, String what) {
        return track.id + "\n" + what;
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

    private static Alert alert(
            FrameContext frame, Track track, String rule, String watchEntry, String zone) {
        Detection detection = frame.detection;
        String idRule = zone == null ? rule : rule + "\n" + zone;
        return Alert.newBuilder()
                .setAlertId(alertId(detection.getSourceId(), idRule, track))
                .setSourceId(detection.getSourceId())
                .setRule(rule)
                .setLabel(track.label)
                .setTrackId(track.id)
                .setFirstSequence(track.firstSequence)
                .setLastSequence(track.lastSequence)
                .setScore(track.score)
                .setBox(track.box())
                .setModelName(detection.getModelName())
                .setModelVersion(detection.getModelVersion())
                .setEmittedTime(Instant.ofEpochMilli(frame.now))
                .setText(track.text)
                .setWatchEntry(watchEntry)
                .setZone(zone)
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

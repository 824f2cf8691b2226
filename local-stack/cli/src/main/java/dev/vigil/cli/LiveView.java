package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the live alerts page shows, fed by one {@link OutputReader} thread and read by the HTTP
 * server's threads: the last {@link UiSettings#keptAlerts()} alerts with their frames, and per
 * source (at most {@link UiSettings#keptSources()}, the least recently seen dropped first) its last
 * {@link UiSettings#keptFrames()} frames with their detection records. Memory is bounded by these
 * three numbers whatever the topics hold.
 *
 * <p>An alert is shown as it arrives, drawn on its frame with the boxes at hand. Its frame's
 * detection record usually comes later (at the job's checkpoint), and a reader catching up may read
 * the alert before the frame itself: when either arrives for an alerted frame, {@link
 * UiEvent#redraw} tells the pages to fetch its picture again.
 */
final class LiveView implements OutputReader.Listener {
    private final UiSettings settings;
    private final Deque<Alert> alerts = new ArrayDeque<>();
    private final Map<String, SourceView> sources;
    private final Map<FrameKey, AlertedFrame> alerted = new HashMap<>();
    private final List<UiSubscription> subscriptions = new CopyOnWriteArrayList<>();

    LiveView(UiSettings settings) {
        this.settings = settings;
        this.sources =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, SourceView> eldest) {
                        return size() > settings.keptSources();
                    }
                };
    }

    @Override
    public void frame(Frame frame) {
        FrameKey key = FrameKey.of(frame.getSourceId(), frame.getSequence());
        AlertedFrame pinned;
        synchronized (this) {
            source(key.sourceId()).frame(frame);
            pinned = alerted.get(key);
            if (pinned != null) {
                pinned.frame = frame;
            }
        }
        if (pinned != null) {
            publish(UiEvent.redraw(key));
        }
    }

    @Override
    public void detection(Detection detection) {
        FrameKey key = FrameKey.of(detection.getSourceId(), detection.getSequence());
        AlertedFrame pinned;
        synchronized (this) {
            source(key.sourceId()).detection(key.sequence(), detection.getBoxes());
            pinned = alerted.get(key);
            if (pinned != null) {
                pinned.boxes = detection.getBoxes();
            }
        }
        if (pinned != null) {
            publish(UiEvent.redraw(key));
        }
    }

    @Override
    public void alert(Alert alert) {
        FrameKey key = frameOf(alert);
        synchronized (this) {
            SourceView source = source(key.sourceId());
            source.alert(alert);
            alerts.addLast(alert);
            alerted.computeIfAbsent(
                            key,
                            k ->
                                    new AlertedFrame(
                                            source.frame(k.sequence()), source.boxes(k.sequence())))
                    .alerts++;
            if (alerts.size() > settings.keptAlerts()) {
                FrameKey dropped = frameOf(alerts.removeFirst());
                if (--alerted.get(dropped).alerts == 0) {
                    alerted.remove(dropped);
                }
            }
        }
        publish(UiEvent.alert(alert));
    }

    /** The alerts held, oldest first. */
    synchronized List<Alert> alerts() {
        return new ArrayList<>(alerts);
    }

    /** Each source's panel, by source id. */
    synchronized List<SourceView.Summary> sources() {
        return sources.values().stream()
                .map(SourceView::summary)
                .sorted(Comparator.comparing(SourceView.Summary::sourceId))
                .toList();
    }

    /**
     * Frame {@code sequence} of {@code sourceId} as a PNG with its boxes, and the alert {@code
     * alertId} on it where given and held; empty when the frame is not held (any more).
     */
    Optional<byte[]> picture(String sourceId, long sequence, String alertId) {
        Frame frame;
        List<DetectedBox> boxes;
        Alert alert;
        synchronized (this) {
            AlertedFrame pinned = alerted.get(new FrameKey(sourceId, sequence));
            SourceView source = sources.get(sourceId);
            if (pinned != null) {
                frame = pinned.frame;
                boxes = pinned.boxes;
            } else {
                frame = source == null ? null : source.frame(sequence);
                boxes = source == null ? List.of() : source.boxes(sequence);
            }
            if (frame == null) {
                return Optional.empty();
            }
            alert =
                    alertId == null
                            ? null
                            : alerts.stream()
                                    .filter(a -> a.getAlertId().toString().equals(alertId))
                                    .filter(a -> a.getLastSequence() == sequence)
                                    .findFirst()
                                    .orElse(null);
        }
        // Decoding and drawing outside the lock: the reader thread is not held up by a page.
        return Optional.of(FramePicture.png(FramePicture.draw(frame, boxes, alert)));
    }

    /**
     * A new page's stream: the alerts held now, then every event as it happens. A page that falls
     * {@link UiSettings#pageQueue()} events behind is dropped (its browser reconnects).
     */
    UiSubscription subscribe() {
        UiSubscription subscription =
                new UiSubscription(settings.pageQueue(), subscriptions::remove);
        synchronized (this) {
            alerts.forEach(alert -> subscription.offer(UiEvent.alert(alert)));
            subscriptions.add(subscription);
        }
        return subscription;
    }

    /** Ends every page's stream: the server is stopping. */
    void closeSubscriptions() {
        subscriptions.forEach(UiSubscription::close);
    }

    private void publish(UiEvent event) {
        subscriptions.forEach(subscription -> subscription.offer(event));
    }

    private SourceView source(CharSequence sourceId) {
        return sources.computeIfAbsent(
                sourceId.toString(), id -> new SourceView(id, settings.keptFrames()));
    }

    private static FrameKey frameOf(Alert alert) {
        return FrameKey.of(alert.getSourceId(), alert.getLastSequence());
    }

    /**
     * The frame of held alerts, kept for as long as one of them is held (however many frames its
     * source has sent since); null until read, when the alert came first.
     */
    private static final class AlertedFrame {
        Frame frame;
        List<DetectedBox> boxes;
        int alerts;

        AlertedFrame(Frame frame, List<DetectedBox> boxes) {
            this.frame = frame;
            this.boxes = boxes;
        }
    }
}

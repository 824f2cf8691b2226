package dev.vigil.cli;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.Frame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the live alerts page shows, fed by one {@link OutputReader} thread and read by the HTTP
 * server's threads: the last {@link UiSettings#keptAlerts()} alerts, and per source (at most {@link
 * UiSettings#keptSources()}, the least recently seen dropped first) its last {@link
 * UiSettings#keptFrames()} frames with their detection records. Memory is bounded by these three
 * numbers whatever the topics hold.
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
        boolean alerted;
        synchronized (this) {
            source(key.sourceId()).frame(frame);
            alerted = alerted(key);
        }
        if (alerted) {
            publish(UiEvent.redraw(key));
        }
    }

    @Override
    public void detection(Detection detection) {
        FrameKey key = FrameKey.of(detection.getSourceId(), detection.getSequence());
        boolean alerted;
        synchronized (this) {
            source(key.sourceId()).detection(key.sequence(), detection.getBoxes());
            alerted = alerted(key);
        }
        if (alerted) {
            publish(UiEvent.redraw(key));
        }
    }

    @Override
    public void alert(Alert alert) {
        synchronized (this) {
            alerts.addLast(alert);
            if (alerts.size() > settings.keptAlerts()) {
                alerts.removeFirst();
            }
            source(alert.getSourceId()).alert(alert);
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
            SourceView source = sources.get(sourceId);
            frame = source == null ? null : source.frame(sequence);
            if (frame == null) {
                return Optional.empty();
            }
            boxes = source.boxes(sequence);
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

    /** Whether a held alert is about frame {@code key}, whose picture then changed. */
    private boolean alerted(FrameKey key) {
        return alerts.stream()
                .anyMatch(
                        alert ->
                                alert.getLastSequence() == key.sequence()
                                        && key.sourceId().equals(alert.getSourceId().toString()));
    }
}

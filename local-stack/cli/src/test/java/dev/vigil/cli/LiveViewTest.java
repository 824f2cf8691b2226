package dev.vigil.cli;

import static dev.vigil.cli.UiRecords.HEIGHT;
import static dev.vigil.cli.UiRecords.WIDTH;
import static dev.vigil.cli.UiRecords.alert;
import static dev.vigil.cli.UiRecords.box;
import static dev.vigil.cli.UiRecords.detection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.Alert;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** What the live alerts page holds, draws and streams, and that it holds no more than told. */
class LiveViewTest {
    private static final SyntheticCamera CAMERA = new SyntheticCamera("yard/cam-1", WIDTH, HEIGHT);
    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    @Test
    void holdsTheLastAlertsFramesAndSourcesOnlyAndTheFramesOfTheAlertsHeld() {
        LiveView view = new LiveView(new UiSettings(0, 2, 2, 2, 16));
        for (long i = 0; i < 5; i++) {
            view.frame(CAMERA.frame(i, T0.plusMillis(100 * i)));
        }
        assertThat(view.picture("yard/cam-1", 4, null)).isPresent();
        assertThat(view.picture("yard/cam-1", 3, null)).isPresent();
        assertThat(view.picture("yard/cam-1", 2, null))
                .as("older than the 2 frames held")
                .isEmpty();

        view.alert(alert("a3", "yard/cam-1", "object-persists", 3, box(rect())));
        view.alert(alert("a9", "yard/cam-1", "object-persists", 9, box(rect())));
        for (long i = 5; i < 10; i++) {
            view.frame(CAMERA.frame(i, T0.plusMillis(100 * i)));
        }
        assertThat(view.picture("yard/cam-1", 3, "a3")).as("held with its alert").isPresent();
        assertThat(view.picture("yard/cam-1", 9, "a9")).as("read after its alert").isPresent();

        view.alert(alert("a10", "yard/cam-1", "object-persists", 10, box(rect())));
        assertThat(view.alerts())
                .extracting(a -> a.getAlertId().toString())
                .containsExactly("a9", "a10");
        assertThat(view.picture("yard/cam-1", 3, null)).as("dropped with its alert").isEmpty();

        view.frame(new SyntheticCamera("gate/cam-2", WIDTH, HEIGHT).frame(0, T0));
        view.frame(new SyntheticCamera("dock/cam-3", WIDTH, HEIGHT).frame(0, T0));
        assertThat(view.sources())
                .as("the least recently seen source dropped")
                .extracting(SourceView.Summary::sourceId)
                .containsExactly("dock/cam-3", "gate/cam-2");
    }

    @Test
    void drawsTheAlertInRedAndTheDetectorsBoxesInYellowOnceTheyCome() throws Exception {
        List<Rectangle> text = CAMERA.render(7).textBoxes();
        Alert alert = alert("a7", "yard/cam-1", "object-persists", 7, box(text.get(1)));
        LiveView view = new LiveView(UiSettings.onPort(0));
        view.frame(CAMERA.frame(7, T0));
        view.alert(alert);
        Rectangle other = FramePicture.pixels(box(text.get(0)), WIDTH, HEIGHT);
        Rectangle red = FramePicture.pixels(alert.getBox(), WIDTH, HEIGHT);

        BufferedImage before = png(view.picture("yard/cam-1", 7, "a7").orElseThrow());
        assertThat(before.getRGB(red.x + red.width / 2, red.y) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(before.getRGB(other.x + other.width / 2, other.y) & 0xFFFFFF)
                .as("no detection record read yet")
                .isNotEqualTo(0xFFFF00);

        view.detection(detection("yard/cam-1", 7, box(text.get(0)), box(text.get(1))));
        BufferedImage after = png(view.picture("yard/cam-1", 7, "a7").orElseThrow());
        assertThat(after.getRGB(other.x + other.width / 2, other.y) & 0xFFFFFF).isEqualTo(0xFFFF00);
        BufferedImage plain = png(view.picture("yard/cam-1", 7, null).orElseThrow());
        assertThat(plain.getRGB(red.x + red.width / 2, red.y) & 0xFFFFFF)
                .as("the frame's own picture, without the alert")
                .isEqualTo(0xFFFF00);
    }

    @Test
    void streamsTheHeldAlertsThenNewOnesAndTheRedrawsOfAnAlertedFrame() throws Exception {
        LiveView view = new LiveView(UiSettings.onPort(0));
        view.alert(alert("held", "yard/cam-1", "object-persists", 3, box(rect())));
        try (UiSubscription page = view.subscribe()) {
            view.detection(detection("yard/cam-1", 2));
            view.alert(alert("new", "yard/cam-1", "object-persists", 4, box(rect())));
            view.frame(CAMERA.frame(4, T0));
            view.detection(detection("yard/cam-1", 4));

            assertThat(next(page).json()).contains("\"alertId\":\"held\"");
            UiEvent fresh = next(page);
            assertThat(fresh.type()).isEqualTo("alert");
            assertThat(fresh.json())
                    .contains("\"alertId\":\"new\"")
                    .contains(
                            "\"picture\":\"/api/picture?source=yard%2Fcam-1&sequence=4&alert=new\"");
            for (String arrived : List.of("frame", "detection")) {
                UiEvent redraw = next(page);
                assertThat(redraw.type()).as("frame 2 had no alert: no redraw").isEqualTo("redraw");
                assertThat(redraw.json()).as(arrived).contains("\"sequence\":4");
            }
            assertThat(page.next(Duration.ofMillis(50))).isNull();
        }
    }

    @Test
    void endsAPageThatFallsAWholeQueueBehind() throws Exception {
        LiveView view = new LiveView(new UiSettings(0, 2, 10, 10, 3));
        UiSubscription page = view.subscribe();
        for (int i = 0; i < 4; i++) {
            view.alert(alert("a" + i, "yard/cam-1", "object-persists", i, box(rect())));
        }
        assertThat(page.isOpen()).isFalse();
        assertThat(page.next(Duration.ofMillis(50)))
                .as("queued, but not sent any more")
                .isNotNull();
        UiSubscription next = view.subscribe();
        view.closeSubscriptions();
        assertThat(next.isOpen()).isFalse();
    }

    @Test
    void ratesASourceByItsCaptureTimesNotByWhenTheyWereRead() {
        LiveView view = new LiveView(UiSettings.onPort(0));
        for (long i = 0; i < 11; i++) {
            view.frame(CAMERA.frame(i, T0.plusMillis(250 * i)));
        }
        SourceView.Summary source = view.sources().get(0);
        assertThat(source.framesPerSecond()).isEqualTo(4.0);
        assertThat(source.frames()).isEqualTo(11);
        assertThat(source.lastSequence()).isEqualTo(10);
        assertThat(source.lastAlert()).isNull();
    }

    @Test
    void readsNoTextFromRecordsWithoutIt() {
        Alert alert = alert("a", "yard/cam-1", "object-persists", 1, box(rect()));
        assertThat(UiJson.alert(alert)).contains("\"text\":null").contains("\"watchEntry\":null");
    }

    private static UiEvent next(UiSubscription page) throws InterruptedException {
        UiEvent event = page.next(Duration.ofSeconds(1));
        assertThat(event).isNotNull();
        return event;
    }

    private static Rectangle rect() {
        return new Rectangle(20, 20, 100, 50);
    }

    private static BufferedImage png(byte[] bytes) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }
}

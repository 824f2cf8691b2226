package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.FailureStage;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.NormalizedBox;
import dev.vigil.schemas.StageTimings;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the alerts command and the demo make of the job's records. */
class AlertOutputTest {
    private static final SyntheticCamera CAMERA = new SyntheticCamera("yard/cam-1", 640, 480);

    @Test
    void printsAnAlertOnOneLineOrAsAvroJson() {
        Alert alert = alertOn(new Rectangle(20, 20, 100, 50), 7);
        assertThat(AlertFormat.PRETTY.format(alert))
                .contains("yard/cam-1")
                .contains("object-persists 'text' track 3 frames 5..7 score 0.91")
                .contains("model ppocr-det@4")
                .doesNotContain("text '");
        Alert watched = alertOn(new Rectangle(20, 20, 100, 50), 7);
        watched.setModelName("ppocr-det");
        watched.setModelVersion("4");
        watched.setRule("watchlist");
        watched.setText("GV 472 KX");
        watched.setWatchEntry("GV-472-KX");
        assertThat(AlertFormat.PRETTY.format(watched))
                .as("new alerts name the model apart from its version: printed alike")
                .contains("model ppocr-det@4 text 'GV 472 KX' matches watchlist 'GV-472-KX'");
        assertThat(AlertFormat.JSON.format(alert))
                .startsWith("{\"alertId\":\"" + alert.getAlertId() + "\"")
                .contains("\"lastSequence\":7")
                .doesNotContain("\n");
    }

    @Test
    void drawsTheAlertBoxOnItsFrame(@TempDir Path dir) throws Exception {
        SyntheticCamera.Scene scene = CAMERA.render(7);
        Rectangle sign = scene.textBoxes().get(0);
        AlertRenderer renderer = new AlertRenderer(dir);
        Alert alert = alertOn(sign, 7);
        assertThat(renderer.render(alert)).as("no frame read yet").isEmpty();

        renderer.frame(CAMERA.frame(7, Instant.now()));
        renderer.detection(detection(7, alert.getBox()));
        Path png = renderer.render(alert).orElseThrow();

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(png.getFileName().toString()).startsWith("yard_cam-1-000007-");
        Rectangle drawn = FramePicture.pixels(alert.getBox(), 640, 480);
        assertThat(image.getRGB(drawn.x + drawn.width / 2, drawn.y) & 0xFFFFFF)
                .as("red on the box's top edge")
                .isEqualTo(0xFF0000);
        assertThat(image.getRGB(drawn.x + drawn.width / 2, drawn.y + drawn.height / 2) & 0xFFFFFF)
                .as("the frame itself inside the box")
                .isNotEqualTo(0xFF0000);
    }

    @Test
    void drawsTheTextReadUnderTheBox(@TempDir Path dir) throws Exception {
        SyntheticCamera.Scene scene = CAMERA.render(7);
        Rectangle plate = scene.textBoxes().get(1);
        Alert alert = alertOn(plate, 7);
        alert.setText(scene.plate());
        AlertRenderer renderer = new AlertRenderer(dir);
        renderer.frame(CAMERA.frame(7, Instant.now()));
        renderer.detection(detection(7));
        BufferedImage image = ImageIO.read(renderer.render(alert).orElseThrow().toFile());

        Rectangle drawn = FramePicture.pixels(alert.getBox(), 640, 480);
        Rectangle strip = new Rectangle(drawn.x, drawn.y + drawn.height + 5, 80, 14);
        int red = 0;
        int black = 0;
        for (int y = strip.y; y < strip.y + strip.height; y++) {
            for (int x = strip.x; x < strip.x + strip.width; x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                red += (rgb >> 16) > 200 && (rgb & 0xFFFF) < 0x3030 ? 1 : 0;
                black += rgb < 0x202020 ? 1 : 0;
            }
        }
        assertThat(red).as("red letters under the box").isGreaterThan(20);
        assertThat(black).as("on a dark strip").isGreaterThan(200);
    }

    @Test
    void waitsForTheFramesDetectionRecordToDrawItsOtherBoxes(@TempDir Path dir) throws Exception {
        List<Rectangle> text = CAMERA.render(7).textBoxes();
        Alert onPlate = alertOn(text.get(1), 7);
        try (AlertRenderer renderer = new AlertRenderer(dir)) {
            renderer.frame(CAMERA.frame(7, Instant.now()));
            renderer.alert(onPlate);
            assertThat(dir).isEmptyDirectory();

            renderer.detection(detection(7, box(text.get(0)), box(text.get(1))));
            assertThat(dir).isNotEmptyDirectory();
            BufferedImage image = ImageIO.read(dir.resolve(fileOf(dir)).toFile());
            Rectangle sign = FramePicture.pixels(box(text.get(0)), 640, 480);
            assertThat(image.getRGB(sign.x + sign.width / 2, sign.y) & 0xFFFFFF)
                    .as("yellow on the other box's top edge")
                    .isEqualTo(0xFFFF00);

            renderer.frame(CAMERA.frame(8, Instant.now()));
            renderer.alert(alertOn(text.get(1), 8));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("the waiting alert drawn at close").hasSize(2);
        }
    }

    @Test
    void countsThePlatesReadExactlyOncePerCarAndTellsReadsAndMisreads() {
        List<String> told = new ArrayList<>();
        DemoTally tally = new DemoTally(0, List.of(CAMERA), told::add);
        long cars = 3;
        Map<String, Long> sent = Map.of("yard/cam-1", cars * SyntheticCamera.FRAMES_PER_CAR);
        String first = CAMERA.plateAt(0);
        String second = CAMERA.plateAt(SyntheticCamera.FRAMES_PER_CAR);
        tally.detection(read(0, first.toLowerCase().replace('-', ' '))); // case, separators aside
        tally.detection(read(1, first)); // the same car again: counted once
        tally.detection(read(SyntheticCamera.FRAMES_PER_CAR, second + "X")); // misread
        tally.detection(read(SyntheticCamera.FRAMES_PER_CAR + 1, "DOCK")); // part of the sign
        tally.detection(read(2 * SyntheticCamera.FRAMES_PER_CAR, "?"));

        assertThat(tally.platesShown(sent)).isEqualTo(cars);
        assertThat(tally.platesRead()).isEqualTo(1);
        assertThat(tally.readEnough(sent)).isFalse();
        assertThat(tally.summary(sent)).endsWith("plates_read=1/3");
        assertThat(told)
                .containsExactly(
                        "plate "
                                + first.toLowerCase().replace('-', ' ')
                                + " read on yard/cam-1 (frame 0, text score 0.90)",
                        "plate " + second + " on yard/cam-1 read as '" + second + "X' (frame 8)",
                        "plate " + CAMERA.plateAt(16) + " on yard/cam-1 read as '?' (frame 16)");

        tally.detection(read(SyntheticCamera.FRAMES_PER_CAR + 2, second));
        tally.detection(read(2 * SyntheticCamera.FRAMES_PER_CAR + 7, CAMERA.plateAt(16)));
        assertThat(tally.readEnough(sent)).isTrue();
    }

    @Test
    void countsAFrameAsLostOnlyWithNeitherDetectionNorDeadLetter() {
        DemoTally tally = new DemoTally(0, List.of(CAMERA), line -> {});
        tally.detection(detection(0, box(new Rectangle(20, 20, 100, 50))));
        tally.detection(detection(1, box(new Rectangle(20, 20, 100, 50))));
        tally.deadLetter(deadLetter(2));
        tally.alert(alertOn(new Rectangle(20, 20, 100, 50), 1));

        assertThat(tally.summary(Map.of("yard/cam-1", 4L)))
                .isEqualTo("demo: frames=4 detections=2 alerts=1 dlq=1 lost=1 plates_read=0/1");
        assertThat(tally.lost(Map.of("yard/cam-1", 3L))).isZero();
        assertThat(tally.boxes()).isEqualTo(2);

        DemoTally later = new DemoTally(2, List.of(CAMERA), line -> {});
        later.detection(detection(1, box(new Rectangle(20, 20, 100, 50))));
        later.alert(alertOn(new Rectangle(20, 20, 100, 50), 1));
        assertThat(later.summary(Map.of("yard/cam-1", 1L)))
                .as("an earlier run's frame 1 neither counts nor accounts for frame 2")
                .isEqualTo("demo: frames=1 detections=0 alerts=0 dlq=0 lost=1 plates_read=0/1");
    }

    private static NormalizedBox box(Rectangle r) {
        return new NormalizedBox(
                r.x / 640f, r.y / 480f, (r.x + r.width) / 640f, (r.y + r.height) / 480f);
    }

    private static Alert alertOn(Rectangle r, long sequence) {
        return Alert.newBuilder()
                .setAlertId("0123456789abcdef")
                .setSourceId("yard/cam-1")
                .setRule("object-persists")
                .setLabel("text")
                .setTrackId(3)
                .setFirstSequence(sequence - 2)
                .setLastSequence(sequence)
                .setScore(0.91f)
                .setBox(box(r))
                .setModelVersion("ppocr-det@4")
                .setEmittedTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    private static String fileOf(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findFirst().orElseThrow().getFileName().toString();
        }
    }

    private static Detection detection(long sequence, NormalizedBox... boxes) {
        return Detection.newBuilder()
                .setSourceId("yard/cam-1")
                .setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .setModelName("ppocr-det")
                .setModelVersion("4")
                .setGuestModule("text-detect")
                .setGuestVersion("1.0.0")
                .setBoxes(
                        Arrays.stream(boxes)
                                .map(
                                        box ->
                                                DetectedBox.newBuilder()
                                                        .setLabel("text")
                                                        .setScore(0.91f)
                                                        .setBox(box)
                                                        .build())
                                .toList())
                .setTimings(new StageTimings(0L, 0L, 0L, 0L, 1))
                .build();
    }

    /**
     * The detection record of frame {@code sequence} with one box in which {@code text} was read.
     */
    private static Detection read(long sequence, String text) {
        Detection detection = detection(sequence, box(CAMERA.render(sequence).textBoxes().get(1)));
        detection.getBoxes().get(0).setText(text);
        detection.getBoxes().get(0).setTextScore(0.9f);
        return detection;
    }

    private static DeadLetter deadLetter(long sequence) {
        Frame frame = CAMERA.frame(sequence, Instant.now());
        return DeadLetter.newBuilder()
                .setOriginTopic("frames")
                .setOriginPartition(0)
                .setOriginOffset(sequence)
                .setPayload(ByteBuffer.allocate(0))
                .setStage(FailureStage.INFERENCE)
                .setReasonCode("GUEST_TRAP")
                .setMessage("test")
                .setSourceId(frame.getSourceId())
                .setSequence(sequence)
                .setTime(Instant.now())
                .build();
    }
}

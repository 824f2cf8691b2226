package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.testing.TextScene;
import dev.vigil.nn.testing.TextScene.Caption;
import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundled {@code text-read} guest with the real PaddleOCR detector and recogniser (v4 and v3),
 * through the warm pool, on frames drawn with Java2D: plates and signs, several per frame and none
 * on some (the recogniser's batch is ragged), PNG and JPEG. Every caption must be found by a box
 * overlapping it (IoU >= 0.5) that carries exactly its text; a blank frame gives no box.
 *
 * <p>Exactly, with one allowance: PP-OCRv4's recogniser drops some spaces between a plate's groups
 * ("AB 123 CD" read "AB 123CD", spaces being rare in its training text), so with {@code @4} the
 * spaces are not compared; every other character is, in order. {@code @3} reads them all.
 */
class TextReadITCase {
    @TempDir Path root;
    ModelHost host;
    GuestPool pool;

    void start(int version) {
        host = PaddleOcrFixture.host(root);
        WasmSettings settings =
                WasmSettings.builder()
                        .allowModel("detector", ModelRef.parse("ppocr-det@" + version))
                        .allowModel("recogniser", ModelRef.parse("ppocr-rec@" + version))
                        .poolSize(1)
                        .callDeadline(java.time.Duration.ofSeconds(60))
                        .build();
        pool = GuestPool.start(GuestModule.bundled("text-read", settings), settings, host);
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        if (host != null) {
            host.close();
        }
    }

    @ParameterizedTest(name = "ppocr-det@{0} + ppocr-rec@{0}")
    @ValueSource(ints = {4, 3})
    void readsEveryPlateAndSignExactlyWhereItWasDrawn(int version) {
        start(version);
        assertThat(pool.module().metadata().models()).containsExactly("detector", "recogniser");
        List<TextScene> scenes =
                List.of(
                        TextScene.render(
                                640,
                                480,
                                new Caption("AB 123 CD", 60, 120, 56),
                                new Caption("KX-4721", 300, 380, 48)),
                        TextScene.render(640, 480),
                        TextScene.render(
                                640,
                                480,
                                new Caption("EXIT", 420, 100, 44),
                                new Caption("1ABC234", 40, 300, 64)),
                        // Larger than the detector's tensor: shrunk by 0.5, crops from the frame.
                        TextScene.render(1280, 960, new Caption("LOADING BAY 3", 120, 300, 110)));
        List<GuestFrame> frames = new ArrayList<>();
        for (int i = 0; i < scenes.size(); i++) {
            TextScene s = scenes.get(i);
            frames.add(frame(s, "png", "cam-" + i, 1));
            frames.add(frame(s, "jpeg", "cam-" + i, 2));
        }
        List<List<String>> captions =
                List.of(
                        List.of("AB 123 CD", "KX-4721"),
                        List.of(),
                        List.of("EXIT", "1ABC234"),
                        List.of("LOADING BAY 3"));

        List<FrameResult> results = pool.process(frames);

        assertThat(results).noneMatch(FrameResult::failed);
        List<String> misread = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            TextScene scene = scenes.get(i / 2);
            List<GuestBox> found = results.get(i).detections();
            String frame = frames.get(i).id() + " " + (i % 2 == 0 ? "PNG" : "JPEG");
            assertThat(found).as("%s: one box per caption", frame).hasSameSizeAs(scene.text());
            for (int c = 0; c < scene.text().size(); c++) {
                Rectangle text = scene.text().get(c);
                GuestBox best =
                        found.stream()
                                .max(Comparator.comparingDouble(d -> TextDetectITCase.iou(text, d)))
                                .orElseThrow();
                assertThat(TextDetectITCase.iou(text, best))
                        .as("%s: best IoU with the text at %s among %s", frame, text, found)
                        .isGreaterThanOrEqualTo(0.5);
                String expected = captions.get(i / 2).get(c);
                boolean read =
                        version == 3
                                ? expected.equals(best.text())
                                : unspaced(expected).equals(unspaced(best.text()));
                if (!read) {
                    misread.add(frame + ": " + expected + " read as " + best);
                }
                assertThat(best.textScore()).as("%s: %s", frame, best).isBetween(0.8f, 1f);
            }
        }
        assertThat(misread).as("misread captions").isEmpty();
    }

    @org.junit.jupiter.api.Test
    void pastTheCropCapTheLeastConfidentRegionsAreEmittedWithoutText() {
        start(4);
        assertThat(pool.module().metadata().maxBatch()).isEqualTo(8); // one call: one cap of 16
        List<GuestFrame> frames = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // 18 captions, 16 read
            TextScene scene =
                    TextScene.render(
                            640,
                            480,
                            new Caption("GATE " + i, 40, 100, 48),
                            new Caption("KX-472" + i, 300, 250, 48),
                            new Caption("BAY " + i, 80, 400, 40));
            frames.add(frame(scene, "png", "cam-" + i, 1));
        }

        List<GuestBox> boxes =
                pool.process(frames).stream().flatMap(r -> r.detections().stream()).toList();

        assertThat(boxes).hasSize(18);
        List<GuestBox> unread = boxes.stream().filter(b -> b.text() == null).toList();
        assertThat(unread).hasSize(2).allMatch(b -> b.textScore() == 0f);
        float lowestRead =
                (float)
                        boxes.stream()
                                .filter(b -> b.text() != null)
                                .mapToDouble(GuestBox::score)
                                .min()
                                .orElseThrow();
        assertThat(unread).allMatch(b -> b.score() <= lowestRead);
    }

    private static String unspaced(String text) {
        return text == null ? null : text.replace(" ", "");
    }

    private static GuestFrame frame(TextScene scene, String format, String source, long sequence) {
        FrameEncoding encoding = format.equals("png") ? FrameEncoding.PNG : FrameEncoding.JPEG;
        return GuestFrame.of(
                source, sequence, encoding, scene.width(), scene.height(), scene.encode(format));
    }
}

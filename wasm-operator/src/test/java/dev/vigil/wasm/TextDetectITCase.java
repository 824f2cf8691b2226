package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.ModelDescriptor;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.Normalization;
import dev.vigil.nn.testing.TextScene;
import dev.vigil.nn.testing.TextScene.Caption;
import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled {@code text-detect} guest with the real PaddleOCR v4 detector, through the warm pool,
 * on frames drawn here with Java2D: every caption must be found by a box overlapping its glyphs
 * with IoU >= 0.5, and a frame without text must give no box. {@link TextDetectOnPixelsITCase} runs
 * the same with the detector's pixel form ({@code ppocr-det-u8@4}).
 */
class TextDetectITCase {
    @TempDir Path root;
    ModelHost host;
    GuestPool pool;

    @BeforeEach
    void start() {
        host = PaddleOcrFixture.hostWithDetectorPixelForms(root);
        WasmSettings settings =
                WasmSettings.builder()
                        .allowModel("detector", detector())
                        .poolSize(1)
                        .callDeadline(java.time.Duration.ofSeconds(60))
                        .build();
        pool = GuestPool.start(GuestModule.bundled("text-detect", settings), settings, host);
    }

    /** The model bound as "detector". */
    ModelRef detector() {
        return ModelRef.parse("ppocr-det@4");
    }

    @AfterEach
    void stop() {
        pool.close();
        host.close();
    }

    @Test
    void theGuestNormalisesAsTheModelDescriptorSays() {
        // text-detect's DBNET constant; the host kernel applies it in the order given (BGR).
        ModelDescriptor detector =
                host.lease(ModelRef.parse("ppocr-det@4"), 0).descriptor(); // closed with the host
        assertThat(detector.normalization())
                .contains(
                        new Normalization(
                                1f / 255f,
                                List.of(0.485f, 0.456f, 0.406f),
                                List.of(0.229f, 0.224f, 0.225f),
                                "BGR"));
        assertThat(pool.module().metadata().models()).containsExactly("detector");
    }

    @Test
    void findsEachCaptionWhereItWasDrawnInPngAndJpegFramesAndNothingOnBlankOnes() {
        List<TextScene> scenes =
                List.of(
                        TextScene.render(
                                640,
                                480,
                                new Caption("VIGIL 2026", 60, 120, 56),
                                new Caption("north gate", 300, 380, 40)),
                        TextScene.render(
                                640,
                                480,
                                new Caption("Camera 7", 380, 90, 44),
                                new Caption("Truck 4821", 40, 300, 64)),
                        // Larger than the 640x640 tensor: shrunk by 0.5, boxes mapped back.
                        TextScene.render(1280, 960, new Caption("LOADING BAY 3", 120, 300, 110)),
                        // Smaller, not enlarged: centred with padding on every side.
                        TextScene.render(320, 240, new Caption("Exit", 100, 140, 48)),
                        TextScene.render(640, 480),
                        TextScene.render(1280, 960));
        List<GuestFrame> frames = new ArrayList<>();
        for (int i = 0; i < scenes.size(); i++) {
            TextScene s = scenes.get(i);
            frames.add(frame(s, "png", "cam-" + i, 1));
            frames.add(frame(s, "jpeg", "cam-" + i, 2));
        }

        List<FrameResult> results = pool.process(frames);

        assertThat(results).noneMatch(FrameResult::failed);
        for (int i = 0; i < frames.size(); i++) {
            TextScene scene = scenes.get(i / 2);
            List<GuestBox> found = results.get(i).detections();
            String frame = frames.get(i).id() + " " + (i % 2 == 0 ? "PNG" : "JPEG");
            if (scene.text().isEmpty()) {
                assertThat(found).as("%s: blank frame", frame).isEmpty();
            }
            for (Rectangle text : scene.text()) {
                double best = found.stream().mapToDouble(d -> iou(text, d)).max().orElse(0);
                assertThat(best)
                        .as("%s: best IoU with the text at %s among %s", frame, text, found)
                        .isGreaterThanOrEqualTo(0.5);
            }
            assertThat(found).as("%s: one box per caption", frame).hasSameSizeAs(scene.text());
            assertThat(found)
                    .as("%s: every box is on some text", frame)
                    .allMatch(d -> scene.text().stream().anyMatch(t -> iou(t, d) > 0.2));
            assertThat(found).allMatch(d -> d.score() >= 0.6f && d.score() <= 1f);
        }
    }

    static double iou(Rectangle a, GuestBox d) {
        double ix = Math.min(a.getMaxX(), d.x1()) - Math.max(a.getMinX(), d.x0());
        double iy = Math.min(a.getMaxY(), d.y1()) - Math.max(a.getMinY(), d.y0());
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double inter = ix * iy;
        double union = a.getWidth() * a.getHeight() + (d.x1() - d.x0()) * (d.y1() - d.y0());
        return inter / (union - inter);
    }

    private static GuestFrame frame(TextScene scene, String format, String source, long sequence) {
        FrameEncoding encoding = format.equals("png") ? FrameEncoding.PNG : FrameEncoding.JPEG;
        return GuestFrame.of(
                source, sequence, encoding, scene.width(), scene.height(), scene.encode(format));
    }
}

package dev.vigil.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.nn.ModelRef;
import dev.vigil.nn.testing.TextScene;
import dev.vigil.nn.testing.TextScene.Caption;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every case of {@link TextDetectITCase} with the PaddleOCR detector's pixel form bound as
 * "detector": the same guest letterboxes 8-bit pixels ({@code letterbox_u8}) and the model reorders
 * and normalises them in its graph; every caption is still found, blank frames still give nothing.
 * And the two forms give the same boxes and scores on coloured frames, where a channel swapped or
 * normalised twice would show.
 */
class TextDetectOnPixelsITCase extends TextDetectITCase {
    @Override
    ModelRef detector() {
        return ModelRef.parse("ppocr-det-u8@4");
    }

    @Test
    void theTwoFormsAgreeOnColouredFrames() {
        TextScene scene =
                TextScene.render(
                        640,
                        480,
                        new Caption("VIGIL 2026", 60, 120, 56),
                        new Caption("north gate", 300, 380, 40));
        // Warm orange light: red kept, green dimmed, blue nearly gone. A BGR model fed RGB (or
        // RGB swapped twice) sees a different image and scores differently.
        List<GuestFrame> frames =
                List.of(
                        tinted(scene.image(), 1f, 0.6f, 0.15f),
                        tinted(scene.image(), 0.2f, 0.5f, 1f));
        WasmSettings floats =
                WasmSettings.builder()
                        .allowModel("detector", ModelRef.parse("ppocr-det@4"))
                        .poolSize(1)
                        .callDeadline(Duration.ofSeconds(60))
                        .build();
        List<FrameResult> expected;
        try (GuestPool floatPool =
                GuestPool.start(GuestModule.bundled("text-detect", floats), floats, host)) {
            expected = floatPool.process(frames);
        }

        List<FrameResult> actual = pool.process(frames);

        for (int i = 0; i < frames.size(); i++) {
            List<GuestBox> want = expected.get(i).detections();
            List<GuestBox> got = actual.get(i).detections();
            assertThat(want).as("frame %d: the float form finds the captions", i).hasSize(2);
            assertThat(got).as("frame %d", i).hasSameSizeAs(want);
            for (int d = 0; d < want.size(); d++) {
                GuestBox w = want.get(d);
                GuestBox g = got.get(d);
                assertThat(g.score())
                        .as("frame %d box %d score", i, d)
                        .isCloseTo(w.score(), within(1e-4f));
                assertThat(new float[] {g.x0(), g.y0(), g.x1(), g.y1()})
                        .as("frame %d box %d", i, d)
                        .containsExactly(
                                new float[] {w.x0(), w.y0(), w.x1(), w.y1()}, within(0.5f));
            }
        }
    }

    private static GuestFrame tinted(BufferedImage image, float r, float g, float b) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                int at = (y * w + x) * 3;
                rgb[at] = (byte) Math.round(((p >> 16) & 0xFF) * r);
                rgb[at + 1] = (byte) Math.round(((p >> 8) & 0xFF) * g);
                rgb[at + 2] = (byte) Math.round((p & 0xFF) * b);
            }
        }
        return GuestFrame.of("tinted", (long) (r * 100), FrameEncoding.RAW_RGB8, w, h, rgb);
    }
}

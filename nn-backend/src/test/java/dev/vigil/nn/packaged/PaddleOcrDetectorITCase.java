package dev.vigil.nn.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.nn.BatchResult;
import dev.vigil.nn.ExecutionProvider;
import dev.vigil.nn.ModelHost;
import dev.vigil.nn.ModelLease;
import dev.vigil.nn.ModelRef;
import dev.vigil.nn.ModelRepository;
import dev.vigil.nn.NnSettings;
import dev.vigil.nn.Normalization;
import dev.vigil.nn.testing.TextScene;
import dev.vigil.nn.testing.TextScene.Caption;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real PaddleOCR v4 detector, imported from its package, on frames drawn here with Java2D: text
 * where the test put it must light up the probability map, and nothing else may.
 */
class PaddleOcrDetectorITCase {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final int PIXELS = WIDTH * HEIGHT;

    /** DBNet's own binarisation threshold in PaddleOCR's post-processing. */
    private static final float TEXT = 0.3f;

    @TempDir Path root;

    @Test
    void findsProbabilityMassWhereTheTextIsAndNoneOnABlankFrame() {
        PaddleOcrModels.importAll(new ModelRepository(root));
        List<TextScene> scenes =
                List.of(
                        TextScene.render(
                                WIDTH,
                                HEIGHT,
                                new Caption("VIGIL 2026", 60, 120, 56),
                                new Caption("north gate", 300, 380, 40)),
                        TextScene.render(
                                WIDTH,
                                HEIGHT,
                                new Caption("Camera 7", 380, 90, 44),
                                new Caption("Truck 4821", 40, 300, 64)),
                        TextScene.render(WIDTH, HEIGHT));
        NnSettings settings =
                NnSettings.builder()
                        .repository(root)
                        .providers(List.of(ExecutionProvider.CPU))
                        .build();
        try (ModelHost host = new ModelHost(settings);
                ModelLease detector = host.lease(ModelRef.parse("ppocr-det@4"), 0)) {
            FloatBuffer batch =
                    normalisedBatch(scenes, detector.descriptor().normalization().orElseThrow());
            try (BatchResult result = detector.run(batch, scenes.size(), 3, HEIGHT, WIDTH)) {
                String output = result.outputNames().get(0);
                assertThat(result.shape(output)).containsExactly(scenes.size(), 1, HEIGHT, WIDTH);
                for (int i = 0; i < scenes.size(); i++) {
                    check(scenes.get(i), result.frame(output, i), i);
                }
            }
        }
    }

    private static void check(TextScene scene, FloatBuffer probability, int frame) {
        double inside = 0;
        double everywhere = 0;
        float maxOutside = 0;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                float p = probability.get(y * WIDTH + x);
                everywhere += p;
                if (near(scene.text(), x, y)) {
                    inside += p;
                } else {
                    maxOutside = Math.max(maxOutside, p);
                }
            }
        }
        assertThat(maxOutside)
                .as("frame %d: strongest response away from the text", frame)
                .isLessThan(TEXT);
        for (Rectangle box : scene.text()) {
            // DBNet marks the text's core, shrunk from the glyph box by about its half-height.
            Rectangle found = textBounds(probability, grown(box));
            assertThat(found.width)
                    .as("frame %d: width found of the text at %s: %s", frame, box, found)
                    .isGreaterThan(box.width * 8 / 10);
            assertThat(found.height).as("frame %d: height found at %s", frame, box).isPositive();
        }
        if (!scene.text().isEmpty()) {
            assertThat(inside / everywhere)
                    .as("frame %d: share of the probability mass on the text", frame)
                    .isGreaterThan(0.95);
        }
    }

    /** The bounds of the pixels above the text threshold within {@code area}. */
    private static Rectangle textBounds(FloatBuffer probability, Rectangle area) {
        Rectangle bounds = new Rectangle(0, 0, -1, -1); // none yet: add() then copies
        for (int y = area.y; y < area.y + area.height; y++) {
            for (int x = area.x; x < area.x + area.width; x++) {
                if (probability.get(y * WIDTH + x) > TEXT) {
                    bounds.add(new Rectangle(x, y, 1, 1));
                }
            }
        }
        return bounds;
    }

    /** Within a few pixels of a text box: DBNet's map spreads a little past the glyphs. */
    private static boolean near(List<Rectangle> boxes, int x, int y) {
        return boxes.stream().anyMatch(box -> grown(box).contains(x, y));
    }

    private static Rectangle grown(Rectangle box) {
        Rectangle grown = new Rectangle(box);
        grown.grow(8, 8);
        return grown;
    }

    /** NCHW floats in the descriptor's channel order and normalisation, in a direct buffer. */
    private static FloatBuffer normalisedBatch(List<TextScene> scenes, Normalization norm) {
        FloatBuffer batch =
                ByteBuffer.allocateDirect(scenes.size() * 3 * PIXELS * Float.BYTES)
                        .order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
        boolean bgr = norm.channelOrder().equals("BGR");
        for (int n = 0; n < scenes.size(); n++) {
            BufferedImage image = scenes.get(n).image();
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    int rgb = image.getRGB(x, y);
                    int[] rgbChannels = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
                    for (int c = 0; c < 3; c++) {
                        int value = rgbChannels[bgr ? 2 - c : c];
                        float v = (value * norm.scale() - norm.mean().get(c)) / norm.std().get(c);
                        batch.put(((n * 3 + c) * HEIGHT + y) * WIDTH + x, v);
                    }
                }
            }
        }
        return batch;
    }
}

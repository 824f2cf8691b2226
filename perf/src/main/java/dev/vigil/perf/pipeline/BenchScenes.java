package dev.vigil.perf.pipeline;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Locale;
import java.util.Random;

/**
 * What each bench camera sees, drawn with Java2D: a street-like scene (a tinted gradient sky, a
 * road, sensor noise), a number plate of its own and a clock overlay (text for the PaddleOCR
 * models), and a white square moving a little from frame to frame, which the deterministic detector
 * finds (it reports 8×8 cells brighter than half white; everything else in the scene is darker than
 * that). The square shows in sequences 1, 2, 3 of every {@value #PERIOD} and is gone in the 4th, so
 * each appearance is a new track that alerts on its third frame under the default rule.
 */
final class BenchScenes {
    /** The object shows in sequences 1, 2, 3 of every 4 and is gone in the 4th. */
    static final int PERIOD = 4;

    /** Brightest the background, plate and text get (of 255): below the detector's 127.5. */
    private static final int DARK = 112;

    private static final double NOISE_SIGMA = 6;

    private BenchScenes() {}

    /** Whether camera frames of sequence {@code seq} (1-based) show the object. */
    static boolean hasObject(long seq) {
        return seq % PERIOD != 0;
    }

    /**
     * Where camera {@code camera}'s object is at sequence {@code seq} in a frame of {@code width} ×
     * {@code height}: {x, y, w, h} in pixels, or null when the frame shows none.
     */
    static int[] objectBox(int camera, long seq, int width, int height) {
        if (!hasObject(seq)) {
            return null;
        }
        int side = Math.max(16, Math.min(width, height) / 6);
        int step = side / 5; // a fifth of its side per frame: one track, frame after frame
        int x = (camera * 97) % Math.max(1, width - side - 3 * step) + (int) (seq % PERIOD) * step;
        int y = height / 10 + (camera * 61) % Math.max(1, height / 2 - side);
        return new int[] {x, y, side, side};
    }

    /** Camera {@code camera}'s frame at sequence {@code seq}; frames of one phase are alike. */
    static BufferedImage render(int camera, long seq, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Random tint = new Random(camera);
            Color sky =
                    new Color(20 + tint.nextInt(30), 30 + tint.nextInt(30), 60 + tint.nextInt(40));
            g.setPaint(new GradientPaint(0, 0, sky, 0, height * 0.6f, new Color(70, 74, 80)));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(38, 38, 42));
            g.fillRect(0, height * 3 / 5, width, height * 2 / 5); // the road
            plate(g, camera, width, height);
            g.setColor(new Color(DARK, DARK, DARK));
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, Math.max(10, height / 30)));
            g.drawString(
                    String.format(
                            Locale.ROOT,
                            "CAM %03d  2026-12-01 08:%02d:%02d",
                            camera,
                            seq / 60 % 60,
                            seq % 60),
                    width / 40,
                    height / 20);
            int[] box = objectBox(camera, seq, width, height);
            if (box != null) {
                g.setColor(Color.WHITE);
                g.fillRect(box[0], box[1], box[2], box[3]);
            }
        } finally {
            g.dispose();
        }
        noise(image, new Random(31L * camera + seq % PERIOD));
        return image;
    }

    /** A grey plate with dark characters in the lower half: readable, darker than the object. */
    private static void plate(Graphics2D g, int camera, int width, int height) {
        int plateWidth = width / 4;
        int plateHeight = plateWidth * 2 / 9;
        int x = width / 8 + (camera * 131) % Math.max(1, width - plateWidth - width / 4);
        int y = height * 7 / 10;
        g.setColor(new Color(DARK, DARK, DARK - 8));
        g.fillRect(x, y, plateWidth, plateHeight);
        g.setColor(new Color(8, 8, 8));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, plateHeight * 3 / 4));
        String text =
                String.format(
                        Locale.ROOT,
                        "%c%c %03d %c%c",
                        'A' + camera % 26,
                        'K' + camera / 26 % 16,
                        (camera * 37 + 101) % 1000,
                        'R' + camera % 8,
                        'B' + camera % 20);
        g.drawString(text, x + plateHeight / 6, y + plateHeight * 4 / 5);
    }

    /** Gaussian sensor noise on every channel, seeded so a frame renders the same each time. */
    private static void noise(BufferedImage image, Random random) {
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            int p = pixels[i];
            int n = (int) Math.round(random.nextGaussian() * NOISE_SIGMA);
            pixels[i] =
                    clamp((p >> 16 & 0xff) + n) << 16
                            | clamp((p >> 8 & 0xff) + n) << 8
                            | clamp((p & 0xff) + n);
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}

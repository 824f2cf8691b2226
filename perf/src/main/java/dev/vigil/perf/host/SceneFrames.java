package dev.vigil.perf.host;

import dev.vigil.perf.pipeline.BenchEncoding;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;

/**
 * Camera-like frames for the decoding steps: a road scene with cars, number plates and a sign,
 * sensor noise on every pixel, encoded as the load harness encodes ({@link BenchEncoding}). A flat
 * frame would decode several times faster than a real one, so it is not what is measured.
 */
final class SceneFrames {
    private SceneFrames() {}

    /** A scene of {@code width x height} in 8-bit BGR; {@code seed} varies the layout. */
    static BufferedImage scene(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setPaint(
                new GradientPaint(
                        0, 0, new Color(120, 160, 210), 0, height / 2f, Color.LIGHT_GRAY));
        g.fillRect(0, 0, width, height / 2);
        g.setPaint(new GradientPaint(0, height / 2f, Color.DARK_GRAY, 0, height, Color.GRAY));
        g.fillRect(0, height / 2, width, height - height / 2);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(Math.max(2, width / 200f)));
        for (int x = 0; x < width; x += width / 8) {
            g.drawLine(x, height * 3 / 4, x + width / 16, height * 3 / 4);
        }
        int cars = 3 + random.nextInt(3);
        for (int i = 0; i < cars; i++) {
            int w = width / 6 + random.nextInt(width / 10);
            int h = w / 2;
            int x = random.nextInt(width - w);
            int y = height / 2 + random.nextInt(height / 2 - h);
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            g.fillRoundRect(x, y, w, h, w / 8, w / 8);
            int pw = w / 2;
            int ph = h / 4;
            g.setColor(Color.WHITE);
            g.fillRect(x + w / 4, y + h - ph - 4, pw, ph);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, Math.max(8, ph - 2)));
            g.drawString(plate(random), x + w / 4 + 2, y + h - 6);
        }
        g.setColor(new Color(20, 90, 40));
        g.fillRect(width / 20, height / 10, width / 4, height / 8);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, height / 20)));
        g.drawString("EXIT 12  Centre", width / 20 + 6, height / 10 + height / 12);
        g.dispose();
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            int noisy = (pixels[i] & 0xFF) + (int) Math.round(random.nextGaussian() * 6);
            pixels[i] = (byte) Math.max(0, Math.min(255, noisy));
        }
        return image;
    }

    private static String plate(SplittableRandom random) {
        StringBuilder plate = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            plate.append(
                    i == 2
                            ? ' '
                            : (char)
                                    (i < 2 || i > 4
                                            ? 'A' + random.nextInt(26)
                                            : '0' + random.nextInt(10)));
        }
        return plate.toString();
    }
}

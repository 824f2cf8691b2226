package dev.vigil.wasm.testing;

import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.GuestFrame;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/**
 * A seeded evaluation set for text readers: one licence plate per camera frame, drawn with Java2D
 * in one of several fonts, its text of one of the usual plate shapes, placed at a random spot of a
 * cluttered background and degraded as its {@link Difficulty} says (text height, rotation, shear
 * for perspective, blur, sensor noise, JPEG quality). The same seed gives the same frames on every
 * machine that has the same fonts. Shipped in wasm-operator's test jar, for its accuracy test and
 * perf's {@code TextReadAccuracy}.
 */
public final class PlateSet {
    /** Plate shapes: {@code A} a letter, {@code 9} a digit, anything else as it is. */
    public static final List<String> SHAPES =
            List.of("AA 999 AA", "AA-9999", "9AAA999", "AA 9999", "AAA 999", "A 999 AAA");

    /** Letters plates use: no I, O or Q, which plates avoid beside 1 and 0. */
    private static final String LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";

    private static final List<String> FONTS =
            List.of(
                    "DejaVu Sans",
                    "DejaVu Sans Mono",
                    "Liberation Sans",
                    "Liberation Sans Narrow",
                    "Liberation Mono",
                    "DejaVu Serif");

    /** How hard a bucket's frames are; each value is drawn uniformly between its bounds. */
    public enum Difficulty {
        /** Upright, sharp, lossless: what a reader must get right. */
        CLEAN(28, 60, 0, 0, 0, 0, 100),
        /** A little turned and skewed, slightly soft, camera JPEG. */
        MILD(22, 60, 3, 0.08, 0.6, 4, 80),
        /** Small, turned, skewed, blurred, noisy, heavily compressed. */
        HARD(18, 40, 6, 0.18, 1.2, 10, 50);

        final int minHeight;
        final int maxHeight;
        final double maxDegrees;
        final double maxShear;
        final double blur;
        final double noise;
        final int minQuality;

        Difficulty(
                int minHeight,
                int maxHeight,
                double maxDegrees,
                double maxShear,
                double blur,
                double noise,
                int minQuality) {
            this.minHeight = minHeight;
            this.maxHeight = maxHeight;
            this.maxDegrees = maxDegrees;
            this.maxShear = maxShear;
            this.blur = blur;
            this.noise = noise;
            this.minQuality = minQuality;
        }
    }

    /**
     * One frame and what is on it.
     *
     * @param plate the pixel bounds of the plate's glyphs in the frame
     * @param font the font family asked for
     * @param textHeight the cap height asked for, pixels
     * @param quality JPEG quality, 0 for PNG
     */
    public record Sample(
            String text,
            GuestFrame frame,
            Rectangle plate,
            String font,
            int textHeight,
            int quality) {}

    private PlateSet() {}

    /** {@code count} samples of {@code difficulty}, from {@code seed}. */
    public static List<Sample> generate(long seed, int count, Difficulty difficulty) {
        Random random = new Random(seed * 31 + difficulty.ordinal());
        List<Sample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            samples.add(sample(random, "plates-" + difficulty.name().toLowerCase(), i, difficulty));
        }
        return samples;
    }

    /** A plate text of {@code shape}. */
    public static String text(String shape, Random random) {
        StringBuilder text = new StringBuilder();
        for (char c : shape.toCharArray()) {
            text.append(
                    switch (c) {
                        case 'A' -> LETTERS.charAt(random.nextInt(LETTERS.length()));
                        case '9' -> (char) ('0' + random.nextInt(10));
                        default -> c;
                    });
        }
        return text.toString();
    }

    private static Sample sample(Random random, String source, int index, Difficulty d) {
        String text = text(SHAPES.get(random.nextInt(SHAPES.size())), random);
        String family = FONTS.get(random.nextInt(FONTS.size()));
        int height = d.minHeight + random.nextInt(d.maxHeight - d.minHeight + 1);
        double degrees = (random.nextDouble() * 2 - 1) * d.maxDegrees;
        double shear = (random.nextDouble() * 2 - 1) * d.maxShear;
        int quality = d == Difficulty.CLEAN ? 0 : d.minQuality + random.nextInt(96 - d.minQuality);

        BufferedImage frame = background(640, 360, random);
        Graphics2D g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        Font font = sized(new Font(family, Font.BOLD, 10), height, g);
        g.setFont(font);
        Rectangle2D glyphs =
                font.createGlyphVector(g.getFontRenderContext(), text).getVisualBounds();
        double margin = 0.35 * glyphs.getHeight();
        double plateW = glyphs.getWidth() + 2 * margin;
        double plateH = glyphs.getHeight() + 2 * margin;
        // Centre somewhere the turned plate stays inside the frame.
        double reach = Math.hypot(plateW, plateH) / 2 + 4;
        double cx = reach + random.nextDouble() * Math.max(1, 640 - 2 * reach);
        double cy = reach + random.nextDouble() * Math.max(1, 360 - 2 * reach);
        AffineTransform place = new AffineTransform();
        place.translate(cx, cy);
        place.rotate(Math.toRadians(degrees));
        place.shear(shear, 0);
        g.transform(place);
        Rectangle2D.Double body = new Rectangle2D.Double(-plateW / 2, -plateH / 2, plateW, plateH);
        g.setColor(new Color(238, 238, 230));
        g.fill(body);
        g.setColor(new Color(30, 30, 30));
        g.setStroke(new BasicStroke((float) Math.max(1, height / 12.0)));
        g.draw(body);
        float x = (float) (-glyphs.getWidth() / 2 - glyphs.getX());
        float y = (float) (-glyphs.getHeight() / 2 - glyphs.getY());
        g.setColor(new Color(16, 16, 20));
        g.drawString(text, x, y);
        Rectangle bounds =
                place.createTransformedShape(
                                font.createGlyphVector(g.getFontRenderContext(), text)
                                        .getPixelBounds(null, x, y))
                        .getBounds();
        g.dispose();

        BufferedImage degraded = noise(blur(frame, d.blur), d.noise, random);
        byte[] payload = encode(degraded, quality);
        GuestFrame guestFrame =
                GuestFrame.of(
                        source,
                        index,
                        quality == 0 ? FrameEncoding.PNG : FrameEncoding.JPEG,
                        640,
                        360,
                        payload);
        return new Sample(text, guestFrame, bounds, family, height, quality);
    }

    /** The font at the size whose capital letters are {@code height} pixels tall. */
    private static Font sized(Font font, int height, Graphics2D g) {
        double capital =
                font.createGlyphVector(g.getFontRenderContext(), "H").getVisualBounds().getHeight();
        return font.deriveFont((float) (font.getSize2D() * height / capital));
    }

    /** A street-like backdrop: a grey gradient with a few dark and light blocks. */
    private static BufferedImage background(int w, int h, Random random) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        int base = 70 + random.nextInt(80);
        g.setPaint(
                new java.awt.GradientPaint(
                        0,
                        0,
                        new Color(base, base, base + 10),
                        w,
                        h,
                        new Color(base / 2, base / 2, base / 2)));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 6; i++) {
            int v = random.nextInt(200);
            g.setColor(new Color(v, v, Math.min(255, v + 20)));
            g.fillRect(
                    random.nextInt(w),
                    random.nextInt(h),
                    20 + random.nextInt(120),
                    10 + random.nextInt(60));
        }
        g.dispose();
        return image;
    }

    private static BufferedImage blur(BufferedImage image, double sigma) {
        if (sigma <= 0) {
            return image;
        }
        int radius = (int) Math.ceil(2 * sigma);
        int size = 2 * radius + 1;
        float[] row = new float[size];
        float sum = 0;
        for (int i = 0; i < size; i++) {
            row[i] = (float) Math.exp(-(i - radius) * (i - radius) / (2 * sigma * sigma));
            sum += row[i];
        }
        for (int i = 0; i < size; i++) {
            row[i] /= sum;
        }
        BufferedImage across =
                new ConvolveOp(new Kernel(size, 1, row), ConvolveOp.EDGE_NO_OP, null)
                        .filter(image, null);
        return new ConvolveOp(new Kernel(1, size, row), ConvolveOp.EDGE_NO_OP, null)
                .filter(across, null);
    }

    private static BufferedImage noise(BufferedImage image, double sigma, Random random) {
        if (sigma <= 0) {
            return image;
        }
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int n = (int) Math.round(random.nextGaussian() * sigma);
                int r = clamp(((rgb >> 16) & 0xFF) + n);
                int gr = clamp(((rgb >> 8) & 0xFF) + n);
                int b = clamp((rgb & 0xFF) + n);
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** PNG for quality 0, else JPEG at {@code quality} percent. */
    private static byte[] encode(BufferedImage image, int quality) {
        String format = quality == 0 ? "png" : "jpeg";
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality > 0) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
            }
            try (var stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            writer.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

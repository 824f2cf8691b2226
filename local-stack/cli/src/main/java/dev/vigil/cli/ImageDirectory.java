package dev.vigil.cli;

import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A camera that plays the JPEG and PNG files of a directory in name order, over and over. The files
 * are sent as they are (no re-encoding); their size is read once, at start.
 */
final class ImageDirectory implements FrameSource {
    private record Image(
            String file, FrameEncoding encoding, int width, int height, byte[] bytes) {}

    private final String sourceId;
    private final List<Image> images;

    private ImageDirectory(String sourceId, List<Image> images) {
        this.sourceId = sourceId;
        this.images = images;
    }

    /**
     * @throws CliException if the directory cannot be read, holds no image, or an image is broken
     */
    static ImageDirectory open(Path dir, String sourceId) {
        List<Image> images = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                FrameEncoding encoding = encodingOf(file);
                if (encoding != null) {
                    images.add(read(file, encoding));
                }
            }
        } catch (IOException e) {
            throw new CliException("Cannot read the image directory " + dir + ": " + e);
        }
        if (images.isEmpty()) {
            throw new CliException(
                    "No .jpg, .jpeg or .png file in " + dir + ": give a directory of images.");
        }
        return new ImageDirectory(sourceId, images);
    }

    @Override
    public String sourceId() {
        return sourceId;
    }

    @Override
    public Frame frame(long sequence, Instant captureTime) {
        Image image = images.get((int) Math.floorMod(sequence, (long) images.size()));
        return Frame.newBuilder()
                .setSourceId(sourceId)
                .setSequence(sequence)
                .setCaptureTime(captureTime)
                .setEncoding(image.encoding())
                .setWidth(image.width())
                .setHeight(image.height())
                .setPayload(ByteBuffer.wrap(image.bytes()))
                .setAttributes(Map.of("file", image.file()))
                .build();
    }

    private static FrameEncoding encodingOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return FrameEncoding.JPEG;
        }
        return name.endsWith(".png") ? FrameEncoding.PNG : null;
    }

    private static Image read(Path file, FrameEncoding encoding) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
        if (decoded == null) {
            throw new CliException(file + " is not a readable " + encoding + " image.");
        }
        return new Image(
                file.getFileName().toString(),
                encoding,
                decoded.getWidth(),
                decoded.getHeight(),
                bytes);
    }
}

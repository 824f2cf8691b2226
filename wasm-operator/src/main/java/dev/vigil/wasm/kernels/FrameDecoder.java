package dev.vigil.wasm.kernels;

import dev.vigil.lib.ProcessState;
import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.FrameRejection.Reason;
import dev.vigil.wasm.GuestFrame;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a frame's payload into RGB with the JDK alone: raw RGB8 is used in place, JPEG and PNG go
 * through ImageIO, read from the payload itself by a reader kept across frames, into an image that
 * becomes the frame's pixels. The size is checked before pixels are decoded, so a small file that
 * claims a huge image (an image bomb) costs nothing. One thread at a time (a guest instance's).
 */
public final class FrameDecoder {
    static {
        // ImageIO's first use in a JVM creates process-wide state (the JDK's AppContext, ImageIO's
        // registry) that records the caller's context class loader and access-control context: on
        // a task thread, the job's class loader, kept for good. The cluster's lib/ creates it.
        ProcessState.initImageIo();
    }

    private static final ImageTypeSpecifier BGR =
            ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_3BYTE_BGR);
    private static final byte[] JPEG_SOI = {(byte) 0xFF, (byte) 0xD8};
    private static final byte[] PNG_SIGNATURE = {
        (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'
    };

    private final long maxPixels;

    /** JPEG's and PNG's reader, kept across frames; a decoder serves one thread at a time. */
    private final Map<FrameEncoding, ImageReader> readers = new EnumMap<>(FrameEncoding.class);

    public FrameDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public RgbImage decode(GuestFrame frame) {
        if ((long) frame.width() * frame.height() > maxPixels) {
            throw new FrameRejectedException(
                    Reason.FRAME_TOO_LARGE,
                    "frame is "
                            + frame.width()
                            + "x"
                            + frame.height()
                            + ", more than maxFramePixels="
                            + maxPixels);
        }
        return switch (frame.encoding()) {
            case RAW_RGB8 -> raw(frame);
            case JPEG, PNG -> encoded(frame);
            case FLOAT32_TENSOR ->
                    throw new FrameRejectedException(
                            Reason.TENSOR_SHAPE_MISMATCH,
                            "a FLOAT32_TENSOR frame is a window of samples, not an image: a guest"
                                    + " reads it with tensor_copy, not an image kernel");
        };
    }

    private static RgbImage raw(GuestFrame frame) {
        ByteBuffer payload = frame.payload();
        long expected = 3L * frame.width() * frame.height();
        if (payload.remaining() != expected) {
            throw new FrameRejectedException(
                    Reason.RAW_LENGTH_MISMATCH,
                    "RAW_RGB8 payload has "
                            + payload.remaining()
                            + " bytes; "
                            + frame.width()
                            + "x"
                            + frame.height()
                            + "x3 needs "
                            + expected);
        }
        if (payload.hasArray()) {
            return new RgbImage(
                    frame.width(),
                    frame.height(),
                    payload.array(),
                    payload.arrayOffset() + payload.position());
        }
        byte[] copy = new byte[payload.remaining()];
        payload.duplicate().get(copy);
        return new RgbImage(frame.width(), frame.height(), copy, 0);
    }

    private RgbImage encoded(GuestFrame frame) {
        ByteBuffer payload = frame.payload();
        if (!hasSignature(frame.encoding(), payload)) {
            throw new FrameRejectedException(
                    Reason.CORRUPT_IMAGE,
                    "payload is not a readable " + frame.encoding() + " image");
        }
        ImageReader reader = reader(frame.encoding());
        try (ImageInputStream in = new ByteBufferImageInputStream(payload)) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width != frame.width() || height != frame.height()) {
                throw new FrameRejectedException(
                        Reason.IMAGE_SIZE_MISMATCH,
                        "payload is a "
                                + width
                                + "x"
                                + height
                                + " image, the frame says "
                                + frame.width()
                                + "x"
                                + frame.height());
            }
            return toRgb(read(reader));
        } catch (IOException | RuntimeException e) {
            if (e instanceof FrameRejectedException rejected) {
                throw rejected;
            }
            // A reader that failed mid-image may keep state: the next frame gets a fresh one.
            drop(frame.encoding());
            throw new FrameRejectedException(
                    Reason.CORRUPT_IMAGE,
                    "cannot decode the " + frame.encoding() + " payload: " + e.getMessage(),
                    e);
        } finally {
            // Let go of the payload; a dropped reader is disposed already.
            if (readers.get(frame.encoding()) == reader) {
                reader.setInput(null);
            }
        }
    }

    /**
     * The decoder's reader of {@code encoding}, made on first use: ImageIO's lookup by content asks
     * every registered reader to sniff the stream, per frame.
     */
    private ImageReader reader(FrameEncoding encoding) {
        return readers.computeIfAbsent(
                encoding,
                format -> {
                    Iterator<ImageReader> found =
                            ImageIO.getImageReadersByFormatName(
                                    format == FrameEncoding.JPEG ? "jpeg" : "png");
                    if (!found.hasNext()) {
                        throw new IllegalStateException(
                                "This JDK has no ImageIO reader for " + format);
                    }
                    return found.next();
                });
    }

    private void drop(FrameEncoding encoding) {
        readers.remove(encoding).dispose();
    }

    /** JPEG's SOI marker or PNG's signature, which ImageIO's lookup by content checked. */
    private static boolean hasSignature(FrameEncoding encoding, ByteBuffer payload) {
        byte[] signature = encoding == FrameEncoding.JPEG ? JPEG_SOI : PNG_SIGNATURE;
        if (payload.remaining() < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (payload.get(payload.position() + i) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes straight into 8-bit BGR when the image's colour model allows it (colour JPEG, RGB
     * PNG); other images (grey, palette, alpha) are decoded as they are and drawn into BGR.
     */
    private static BufferedImage read(ImageReader reader) throws IOException {
        for (Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0); types.hasNext(); ) {
            if (BGR.equals(types.next())) {
                ImageReadParam param = reader.getDefaultReadParam();
                param.setDestinationType(BGR);
                return reader.read(0, param);
            }
        }
        BufferedImage image = reader.read(0);
        BufferedImage bgr =
                new BufferedImage(
                        image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(image, 0, 0, null);
        return bgr;
    }

    /** BGR to RGB in place: the image is this decoder's own, so its bytes become the frame's. */
    private static RgbImage toRgb(BufferedImage bgr) {
        byte[] rgb = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            byte blue = rgb[i];
            rgb[i] = rgb[i + 2];
            rgb[i + 2] = blue;
        }
        return new RgbImage(bgr.getWidth(), bgr.getHeight(), rgb, 0);
    }
}

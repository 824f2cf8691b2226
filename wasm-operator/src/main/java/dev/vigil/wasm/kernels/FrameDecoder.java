package dev.vigil.wasm.kernels;

import dev.vigil.lib.ProcessState;
import dev.vigil.wasm.FrameRejection.Reason;
import dev.vigil.wasm.GuestFrame;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a frame's payload into RGB with the JDK alone: raw RGB8 is used in place, JPEG and PNG go
 * through ImageIO. The size is checked before pixels are decoded, so a small file that claims a
 * huge image (an image bomb) costs nothing.
 */
public final class FrameDecoder {
    static {
        // ImageIO's first use in a JVM creates process-wide state (the JDK's AppContext, ImageIO's
        // registry) that records the caller's context class loader and access-control context: on
        // a task thread, the job's class loader, kept for good. The cluster's lib/ creates it.
        ProcessState.initImageIo();
    }

    private final long maxPixels;

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
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(stream(frame.payload()))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new FrameRejectedException(
                        Reason.CORRUPT_IMAGE,
                        "payload is not a readable " + frame.encoding() + " image");
            }
            ImageReader reader = readers.next();
            try {
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
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof FrameRejectedException rejected) {
                throw rejected;
            }
            throw new FrameRejectedException(
                    Reason.CORRUPT_IMAGE,
                    "cannot decode the " + frame.encoding() + " payload: " + e.getMessage(),
                    e);
        }
        return toRgb(image);
    }

    private static ByteArrayInputStream stream(ByteBuffer payload) {
        if (payload.hasArray()) {
            return new ByteArrayInputStream(
                    payload.array(),
                    payload.arrayOffset() + payload.position(),
                    payload.remaining());
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return new ByteArrayInputStream(bytes);
    }

    private static RgbImage toRgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage bgr = image;
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            bgr = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            bgr.getGraphics().drawImage(image, 0, 0, null);
        }
        byte[] data = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        byte[] rgb = bgr == image ? data.clone() : data;
        for (int i = 0; i < rgb.length; i += 3) {
            byte blue = rgb[i];
            rgb[i] = rgb[i + 2];
            rgb[i + 2] = blue;
        }
        return new RgbImage(width, height, rgb, 0);
    }
}

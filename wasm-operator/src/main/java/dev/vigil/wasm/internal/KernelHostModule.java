package dev.vigil.wasm.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.vigil.wasm.AbiStatus;
import dev.vigil.wasm.Detection;
import dev.vigil.wasm.kernels.FrameRejectedException;
import dev.vigil.wasm.kernels.ImageKernels;
import dev.vigil.wasm.kernels.Placement;
import dev.vigil.wasm.kernels.Preprocess;
import dev.vigil.wasm.kernels.RgbImage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's host module {@value HostImports#KERNELS}: the per-pixel kernels (letterbox, crop and
 * resize, writing straight into a tensor slot in guest memory, as floats or as 8-bit pixels) and
 * the calls through which a guest reports detections and failed frames.
 */
public final class KernelHostModule {
    private static final Logger LOG = LoggerFactory.getLogger(KernelHostModule.class);
    private static final int MAX_TEXT = 1024;

    private final GuestSession session;

    KernelHostModule(GuestSession session) {
        this.session = session;
    }

    List<HostFunction> functions() {
        return List.of(
                function("letterbox", args -> letterbox(args, false)),
                function("crop_resize", args -> cropResize(args, false)),
                function("letterbox_u8", args -> letterbox(args, true)),
                function("crop_resize_u8", args -> cropResize(args, true)),
                function("emit_detection", this::emitDetection),
                function("fail_frame", this::failFrame),
                new HostFunction(
                        HostImports.KERNELS,
                        "log",
                        HostImports.type(HostImports.KERNELS, "log"),
                        (Instance instance, long... args) -> {
                            log(args);
                            return null;
                        }));
    }

    private interface Call {
        int apply(long[] args);
    }

    private HostFunction function(String name, Call call) {
        return HostImports.statusFunction(
                HostImports.KERNELS, name, args -> guarded(name, call, args));
    }

    private int guarded(String name, Call call, long[] args) {
        try {
            return call.apply(args);
        } catch (FrameRejectedException e) {
            return AbiStatus.BAD_FRAME;
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            session.call().hostError(name + ": " + e.getMessage());
            return AbiStatus.INVALID_ARGUMENT;
        }
    }

    private int letterbox(long[] args, boolean pixels) {
        int frame = (int) args[0];
        RgbImage image = session.call().decoded(frame, session.decoder);
        return resizeInto(image, 0, 0, image.width(), image.height(), args, 1, pixels);
    }

    private int cropResize(long[] args, boolean pixels) {
        int frame = (int) args[0];
        RgbImage image = session.call().decoded(frame, session.decoder);
        int x = (int) args[1];
        int y = (int) args[2];
        int w = (int) args[3];
        int h = (int) args[4];
        if (x < 0 || y < 0 || w < 1 || h < 1 || x >= image.width() || y >= image.height()) {
            throw new IllegalArgumentException(
                    "region "
                            + x
                            + ","
                            + y
                            + " "
                            + w
                            + "x"
                            + h
                            + " outside the "
                            + image.width()
                            + "x"
                            + image.height()
                            + " frame");
        }
        w = Math.min(w, image.width() - x);
        h = Math.min(h, image.height() - y);
        return resizeInto(image, x, y, w, h, args, 5, pixels);
    }

    /**
     * args[from..]: dst, dst_w, dst_h, params, transform. The slot holds normalised floats (NCHW)
     * or, for the {@code _u8} kernels, 8-bit pixels (NHWC).
     */
    private int resizeInto(
            RgbImage image, int x, int y, int w, int h, long[] args, int from, boolean pixels) {
        int dst = (int) args[from];
        int dw = (int) args[from + 1];
        int dh = (int) args[from + 2];
        if (dw < 1 || dh < 1 || (long) dw * dh > session.settings.maxFramePixels()) {
            throw new IllegalArgumentException("tensor slot of " + dw + "x" + dh);
        }
        Preprocess params = normParams((int) args[from + 3]);
        Placement placement =
                pixels
                        ? ImageKernels.letterboxPixels(
                                image,
                                x,
                                y,
                                w,
                                h,
                                session.memory.bytes(dst, 3 * dw * dh),
                                dw,
                                dh,
                                params)
                        : ImageKernels.letterbox(
                                image,
                                x,
                                y,
                                w,
                                h,
                                session.memory.floats(dst, 3 * dw * dh),
                                dw,
                                dh,
                                params);
        writeTransform(placement, (int) args[from + 4]);
        return AbiStatus.SUCCESS;
    }

    /** ABI struct {@code norm_params} (40 bytes) at {@code address}. */
    private Preprocess normParams(int address) {
        java.nio.ByteBuffer b = session.memory.bytes(address, 40);
        float[] mean = {b.getFloat(4), b.getFloat(8), b.getFloat(12)};
        float[] std = {b.getFloat(16), b.getFloat(20), b.getFloat(24)};
        int order = b.getInt(32);
        if (order != 0 && order != 1) {
            throw new IllegalArgumentException("channel order " + order + " (0 RGB, 1 BGR)");
        }
        for (float s : std) {
            if (s == 0f || Float.isNaN(s)) {
                throw new IllegalArgumentException("std must be non-zero");
            }
        }
        return new Preprocess(b.getFloat(0), mean, std, b.getFloat(28), order == 1, b.getFloat(36));
    }

    /** ABI struct {@code transform} (16 bytes) at {@code address}. */
    private void writeTransform(Placement placement, int address) {
        java.nio.ByteBuffer b = session.memory.bytes(address, 16);
        b.putFloat(0, placement.scaleX())
                .putFloat(4, placement.scaleY())
                .putFloat(8, placement.padX())
                .putFloat(12, placement.padY());
    }

    private int emitDetection(long[] args) {
        List<Detection> detections = session.call().detections((int) args[0]);
        if (detections.size() >= session.settings.maxDetectionsPerFrame()) {
            session.call()
                    .hostError(
                            "emit_detection: more than maxDetectionsPerFrame="
                                    + session.settings.maxDetectionsPerFrame());
            return AbiStatus.TOO_LARGE;
        }
        float x0 = f32(args[3]);
        float y0 = f32(args[4]);
        float x1 = f32(args[5]);
        float y1 = f32(args[6]);
        float score = f32(args[2]);
        if (!(x0 <= x1 && y0 <= y1) || Float.isNaN(score)) {
            throw new IllegalArgumentException(
                    "box " + x0 + "," + y0 + "," + x1 + "," + y1 + " score " + score);
        }
        detections.add(new Detection((int) args[1], score, x0, y0, x1, y1));
        return AbiStatus.SUCCESS;
    }

    private int failFrame(long[] args) {
        session.call()
                .fail((int) args[0], "guest " + session.guest + ": " + text(args[1], args[2]));
        return AbiStatus.SUCCESS;
    }

    private void log(long[] args) {
        try {
            LOG.debug("guest {}: {}", session.guest, text(args[0], args[1]));
        } catch (ChicoryException | IllegalArgumentException e) {
            LOG.debug("guest {}: unreadable log message ({})", session.guest, e.getMessage());
        }
    }

    private String text(long address, long length) {
        int n = (int) Math.min(Math.max(length, 0), MAX_TEXT);
        return StandardCharsets.UTF_8.decode(session.memory.bytes((int) address, n)).toString();
    }

    private static float f32(long raw) {
        return Float.intBitsToFloat((int) raw);
    }
}

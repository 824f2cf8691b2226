package dev.vigil.wasm.internal;

import com.dylibso.chicory.annotations.HostModule;
import com.dylibso.chicory.annotations.WasmExport;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.vigil.wasm.AbiStatus;
import dev.vigil.wasm.FrameRejection;
import dev.vigil.wasm.GuestBox;
import dev.vigil.wasm.kernels.FrameRejectedException;
import dev.vigil.wasm.kernels.ImageKernels;
import dev.vigil.wasm.kernels.Placement;
import dev.vigil.wasm.kernels.Preprocess;
import dev.vigil.wasm.kernels.RgbImage;
import dev.vigil.wasm.kernels.TensorKernels;
import dev.vigil.wasm.kernels.TextCrop;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's host module {@code vigil_host}: the per-pixel kernels (letterbox, crop and resize,
 * writing straight into a tensor slot in guest memory, as floats or as 8-bit pixels), the copy of a
 * sensor window into a slot ({@code tensor_copy}) and the calls through which a guest reports
 * detections (with the text a reading guest recognised) and failed frames. Each {@link WasmExport}
 * method is one import of guest ABI v1 (docs/guest-abi.md), its parameters the Wasm ones ({@link
 * HostFunctions}).
 */
@HostModule("vigil_host")
final class KernelHostModule implements HostFunctions.Faults {
    private static final Logger LOG = LoggerFactory.getLogger(KernelHostModule.class);
    private static final int MAX_TEXT = 1024;

    /** Most bytes of a recognised text ({@code emit_text}); longer is the guest's error. */
    static final int MAX_BOX_TEXT = 256;

    private final GuestSession session;

    KernelHostModule(GuestSession session) {
        this.session = session;
    }

    List<HostFunction> functions() {
        return HostFunctions.of(this, this);
    }

    /** A rejected frame is {@code bad_frame}; a bad pointer, size or value the guest's error. */
    @Override
    public int status(String function, RuntimeException e) {
        if (e instanceof FrameRejectedException) {
            return AbiStatus.BAD_FRAME;
        }
        if (e instanceof ChicoryException
                || e instanceof IllegalArgumentException
                || e instanceof IndexOutOfBoundsException) {
            session.call().hostError(function + ": " + e.getMessage());
            return AbiStatus.INVALID_ARGUMENT;
        }
        throw e;
    }

    @WasmExport
    int letterbox(int frame, int dst, int dstW, int dstH, int params, int transformOut) {
        return letterbox(frame, dst, dstW, dstH, params, transformOut, false);
    }

    @WasmExport("letterbox_u8")
    int letterboxU8(int frame, int dst, int dstW, int dstH, int params, int transformOut) {
        return letterbox(frame, dst, dstW, dstH, params, transformOut, true);
    }

    @WasmExport
    int cropResize(
            int frame,
            int x,
            int y,
            int w,
            int h,
            int dst,
            int dstW,
            int dstH,
            int params,
            int transformOut) {
        return cropResize(
                frame, x, y, w, h, new Slot(dst, dstW, dstH, params, transformOut), false);
    }

    @WasmExport("crop_resize_u8")
    int cropResizeU8(
            int frame,
            int x,
            int y,
            int w,
            int h,
            int dst,
            int dstW,
            int dstH,
            int params,
            int transformOut) {
        return cropResize(frame, x, y, w, h, new Slot(dst, dstW, dstH, params, transformOut), true);
    }

    /**
     * A text region (a quad of 8 f32 at {@code quad}: top-left, top-right, bottom-right,
     * bottom-left) cut out upright into the float slot at {@code dst} ({@link TextCrop}); the width
     * it took is written at {@code widthOut}.
     */
    @WasmExport
    int cropQuad(int frame, int quad, int dst, int dstW, int dstH, int params, int widthOut) {
        RgbImage image = session.call().decoded(frame, session.decoder);
        if (dstW < 1 || dstH < 1 || (long) dstW * dstH > session.settings.maxFramePixels()) {
            throw new IllegalArgumentException("tensor slot of " + dstW + "x" + dstH);
        }
        ByteBuffer corners = session.memory.bytes(quad, 32);
        float[] q = new float[8];
        for (int i = 0; i < 8; i++) {
            q[i] = corners.getFloat(4 * i);
        }
        int width =
                TextCrop.warp(
                        image,
                        q,
                        session.memory.floats(dst, 3 * dstW * dstH),
                        dstW,
                        dstH,
                        normParams(params));
        session.memory.writeI32(widthOut, width);
        return AbiStatus.SUCCESS;
    }

    /**
     * A FLOAT32_TENSOR window ({@code channels × length} samples) copied into the float slot at
     * {@code dst} as {@code (sample - offset) * scale} ({@link TensorKernels}): a window is a
     * tensor already, so no image kernel runs.
     */
    @WasmExport
    int tensorCopy(int frame, int dst, int channels, int length, float offset, float scale) {
        if (channels < 1
                || length < 1
                || (long) channels * length > session.settings.maxFramePixels()) {
            throw new IllegalArgumentException("tensor slot of " + channels + "x" + length);
        }
        if (!Float.isFinite(offset) || !Float.isFinite(scale) || scale == 0f) {
            throw new IllegalArgumentException("offset " + offset + ", scale " + scale);
        }
        var slot = session.memory.floats(dst, channels * length);
        session.call()
                .read(frame, f -> TensorKernels.copy(f, slot, channels, length, offset, scale));
        return AbiStatus.SUCCESS;
    }

    /** Where a kernel writes: the tensor slot, its size, the norm_params and the transform out. */
    private record Slot(int dst, int width, int height, int params, int transformOut) {}

    private int letterbox(
            int frame, int dst, int dstW, int dstH, int params, int transformOut, boolean pixels) {
        RgbImage image = session.call().decoded(frame, session.decoder);
        return resizeInto(
                image,
                0,
                0,
                image.width(),
                image.height(),
                new Slot(dst, dstW, dstH, params, transformOut),
                pixels);
    }

    private int cropResize(int frame, int x, int y, int w, int h, Slot slot, boolean pixels) {
        RgbImage image = session.call().decoded(frame, session.decoder);
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
        return resizeInto(image, x, y, w, h, slot, pixels);
    }

    /**
     * The slot holds normalised floats (NCHW) or, for the {@code _u8} kernels, 8-bit pixels (NHWC).
     */
    private int resizeInto(RgbImage image, int x, int y, int w, int h, Slot slot, boolean pixels) {
        int dst = slot.dst();
        int dw = slot.width();
        int dh = slot.height();
        if (dw < 1 || dh < 1 || (long) dw * dh > session.settings.maxFramePixels()) {
            throw new IllegalArgumentException("tensor slot of " + dw + "x" + dh);
        }
        Preprocess params = normParams(slot.params());
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
        writeTransform(placement, slot.transformOut());
        return AbiStatus.SUCCESS;
    }

    /** ABI struct {@code norm_params} (40 bytes) at {@code address}. */
    private Preprocess normParams(int address) {
        ByteBuffer b = session.memory.bytes(address, 40);
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
        ByteBuffer b = session.memory.bytes(address, 16);
        b.putFloat(0, placement.scaleX())
                .putFloat(4, placement.scaleY())
                .putFloat(8, placement.padX())
                .putFloat(12, placement.padY());
    }

    @WasmExport
    int emitDetection(int frame, int label, float score, float x0, float y0, float x1, float y1) {
        if (!(x0 <= x1 && y0 <= y1) || Float.isNaN(score)) {
            throw new IllegalArgumentException(
                    "box " + x0 + "," + y0 + "," + x1 + "," + y1 + " score " + score);
        }
        return emit("emit_detection", frame, new GuestBox(label, score, x0, y0, x1, y1));
    }

    private int emit(String function, int frame, GuestBox box) {
        List<GuestBox> detections = session.call().detections(frame);
        if (detections.size() >= session.settings.maxDetectionsPerFrame()) {
            session.call()
                    .hostError(
                            function
                                    + ": more than maxDetectionsPerFrame="
                                    + session.settings.maxDetectionsPerFrame());
            return AbiStatus.TOO_LARGE;
        }
        detections.add(box);
        return AbiStatus.SUCCESS;
    }

    /**
     * {@code emit_detection} with the text recognised in the box: {@code textLen} bytes of UTF-8
     * (at most {@value #MAX_BOX_TEXT}) and its confidence, 0..1. Every value must be finite.
     */
    @WasmExport
    int emitText(
            int frame,
            int label,
            float score,
            float x0,
            float y0,
            float x1,
            float y1,
            int text,
            int textLen,
            float textScore) {
        for (float v : new float[] {score, x0, y0, x1, y1}) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(
                        "box " + x0 + "," + y0 + "," + x1 + "," + y1 + " score " + score);
            }
        }
        if (!(x0 <= x1 && y0 <= y1)) {
            throw new IllegalArgumentException("box " + x0 + "," + y0 + "," + x1 + "," + y1);
        }
        if (!(textScore >= 0f && textScore <= 1f)) {
            throw new IllegalArgumentException("text score " + textScore + " outside 0..1");
        }
        if (textLen < 0 || textLen > MAX_BOX_TEXT) {
            throw new IllegalArgumentException(
                    "text of "
                            + Integer.toUnsignedLong(textLen)
                            + " bytes, at most "
                            + MAX_BOX_TEXT);
        }
        String decoded = utf8(session.memory.bytes(text, textLen));
        return emit(
                "emit_text", frame, new GuestBox(label, score, x0, y0, x1, y1, decoded, textScore));
    }

    /** Strict UTF-8: a malformed text is the guest's error, not replaced characters. */
    private static String utf8(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text is not UTF-8: " + e.getMessage());
        }
    }

    @WasmExport
    int failFrame(int frame, int reason, int reasonLen) {
        session.call()
                .fail(
                        frame,
                        new FrameRejection(
                                FrameRejection.Reason.GUEST_REJECTED,
                                "guest " + session.guest + ": " + text(reason, reasonLen)));
        return AbiStatus.SUCCESS;
    }

    /** No status: a message that cannot be read is logged as such. */
    @WasmExport
    void log(int message, int messageLen) {
        try {
            LOG.debug("guest {}: {}", session.guest, text(message, messageLen));
        } catch (ChicoryException | IllegalArgumentException e) {
            LOG.debug("guest {}: unreadable log message ({})", session.guest, e.getMessage());
        }
    }

    private String text(int address, int length) {
        int n = Math.min(Math.max(length, 0), MAX_TEXT);
        return StandardCharsets.UTF_8.decode(session.memory.bytes(address, n)).toString();
    }
}

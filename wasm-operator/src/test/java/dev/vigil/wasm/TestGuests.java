package dev.vigil.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The committed test guests (src/test/resources/guests, built by guests/build.sh). */
public final class TestGuests {
    private TestGuests() {}

    public static byte[] bytes(String name) {
        try (InputStream in = TestGuests.class.getResourceAsStream("/guests/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalStateException("No test guest " + name + "; run guests/build.sh");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static GuestModule load(String name, WasmSettings settings) {
        return GuestModule.load(name + ".wasm", bytes(name), settings);
    }

    public static GuestFrame blackFrame(String source, long sequence) {
        return GuestFrame.of(source, sequence, FrameEncoding.RAW_RGB8, 8, 8, new byte[8 * 8 * 3]);
    }

    /** Polls {@code condition} for up to 10 s: background work (refills) takes a moment. */
    public static void eventually(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("Not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}

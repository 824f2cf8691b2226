package dev.vigil.stack.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, for parts that must be told their port up front. */
public final class FreePorts {
    private FreePorts() {}

    /**
     * A port that was free a moment ago. Another process may still take it before the caller binds
     * it; the parts started here fail fast with the port in the message when that happens.
     */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }
}

package dev.vigil.stack.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** Readiness checks for parts started as child processes. */
public final class Probes {
    private static final int CONNECT_TIMEOUT_MS = 500;

    private Probes() {}

    /** True once something accepts TCP connections on 127.0.0.1:port. */
    public static BooleanSupplier tcp(int port) {
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
                return true;
            } catch (IOException e) {
                return false;
            }
        };
    }

    /** True once a GET of the URL answers 200. */
    public static BooleanSupplier http(String url) {
        return () -> get(url) != null;
    }

    /** The body of a GET of the URL when it answers 200; null when it does not, or not yet. */
    public static String get(String url) {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
            connection.setReadTimeout(2_000);
            try {
                if (connection.getResponseCode() != 200) {
                    return null;
                }
                try (InputStream body = connection.getInputStream()) {
                    return new String(body.readAllBytes(), StandardCharsets.UTF_8);
                }
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return null;
        }
    }
}

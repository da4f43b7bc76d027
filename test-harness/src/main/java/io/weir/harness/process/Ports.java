package io.weir.harness.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback TCP ports for child processes. */
public final class Ports {

    private Ports() {
    }

    /** A port free on the loopback interface right now (the OS picks it; a later bind may still race). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** {@code requested} itself when it is free, a free port when it is 0; fails clearly when taken. */
    public static int resolve(int requested) {
        if (requested == 0) {
            return freePort();
        }
        if (requested < 0 || requested > 65_535) {
            throw new IllegalArgumentException("not a TCP port: " + requested);
        }
        if (!isFree(requested)) {
            throw new IllegalStateException("port " + requested + " is already in use");
        }
        return requested;
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

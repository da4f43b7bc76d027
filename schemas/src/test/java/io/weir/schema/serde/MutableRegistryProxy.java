package io.weir.schema.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the registry that can be muted: muted, it closes the connections it was
 * forwarding and from then on accepts every connection and never answers (a registry whose process
 * hangs). Unmuted, or with no registry behind it at all, it is a plain forwarder or a silent server.
 */
final class MutableRegistryProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final String path;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger acceptedWhileMuted = new AtomicInteger();
    private volatile boolean muted;

    /** A silent server: accepts connections, never answers. */
    static MutableRegistryProxy silent() throws IOException {
        MutableRegistryProxy proxy = new MutableRegistryProxy("http://127.0.0.1:1/apis/registry/v3");
        proxy.mute();
        return proxy;
    }

    /** A forwarder to the registry at {@code registryUrl} ({@code http://host:port/apis/registry/v3}). */
    MutableRegistryProxy(String registryUrl) throws IOException {
        URI target = URI.create(registryUrl);
        this.targetHost = target.getHost();
        this.targetPort = target.getPort();
        this.path = target.getPath();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "registry-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** From now on: silence. Connections already forwarded are cut. */
    void mute() {
        muted = true;
        sockets.forEach(MutableRegistryProxy::closeQuietly);
    }

    /** Connections accepted (and left unanswered) while muted. */
    int acceptedWhileMuted() {
        return acceptedWhileMuted.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (muted) {
                    acceptedWhileMuted.incrementAndGet();
                    continue; // hold it open, read nothing, answer nothing
                }
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                // the server closed, or the registry refused: the client sees its connection end
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "registry-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closeQuietly(server);
        sockets.forEach(MutableRegistryProxy::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}

package io.weir.dataplane.testing;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many stream WebSocket clients on one Vert.x instance with few event loops, for on-demand
 * benchmarks: each connects at a channel path (which subscribes it) and counts {@code message}
 * frames and their produce-to-client latency ({@link Latencies}).
 */
public final class WebSocketLoad implements AutoCloseable {

    public final AtomicInteger connected = new AtomicInteger();
    public final AtomicInteger subscribed = new AtomicInteger();
    public final AtomicInteger failed = new AtomicInteger();
    public final AtomicInteger closed = new AtomicInteger();
    public final Latencies latencies = new Latencies();
    private final Vertx vertx;
    private final WebSocketClient client;

    public WebSocketLoad(int connections, int eventLoops) {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(connections)
                .setConnectTimeout(60_000));
    }

    public void open(String host, int port, String uri, int connections) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri);
        for (int i = 0; i < connections; i++) {
            client.connect(options).onSuccess(socket -> {
                connected.incrementAndGet();
                socket.closeHandler(v -> closed.incrementAndGet());
                socket.textMessageHandler(this::frame);
            }).onFailure(e -> failed.incrementAndGet());
        }
    }

    private void frame(String text) {
        if (text.startsWith("{\"type\":\"message\"")) {
            latencies.record(text);
        } else if (text.contains("\"type\":\"subscribed\"")) {
            subscribed.incrementAndGet();
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}

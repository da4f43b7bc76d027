package io.weir.dataplane.relay;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The backends behind the relayed test APIs, on a Vert.x server of the test: a WebSocket that echoes
 * every frame as it came (fragments stay fragments), closes with 4001 on "close-me" and pings on
 * "ping-me"; an SSE endpoint that sends its first event at once and the rest when the test says so.
 * What each connection saw is kept by its X-Request-ID.
 */
final class RelayBackend {

    /** What one backend connection saw. */
    static final class Seen {
        volatile String uri;
        volatile MultiMap headers;
        final Queue<String> frames = new ConcurrentLinkedQueue<>();
        volatile Short closeCode;
        volatile String closeReason;
        volatile boolean closed;
        volatile HttpServerResponse stream;
    }

    final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final io.vertx.core.net.NetServer silent;

    RelayBackend() {
        server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setMaxWebSocketFrameSize(1 << 20))
                .webSocketHandler(this::socket)
                .requestHandler(request -> {
                    Seen s = seen(request.headers(), request.uri());
                    if (request.path().startsWith("/sse/not-sse")) {
                        request.response().putHeader("Content-Type", "application/json").end("{}");
                        return;
                    }
                    HttpServerResponse response = request.response().setChunked(true)
                            .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
                    s.stream = response;
                    response.closeHandler(v -> s.closed = true);
                    response.write("id: 1\ndata: one\n\n");
                })
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        silent = vertx.createNetServer().connectHandler(socket -> { }) // accepts, never answers
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    /** A port that accepts connections and never answers on them. */
    int silentPort() {
        return silent.actualPort();
    }

    int port() {
        return server.actualPort();
    }

    /** Runs on the backend's event loop (its responses and sockets are not thread-safe). */
    void onLoop(Runnable action) {
        vertx.runOnContext(v -> action.run());
    }

    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private Seen seen(MultiMap headers, String uri) {
        Seen s = new Seen();
        s.uri = uri;
        s.headers = MultiMap.caseInsensitiveMultiMap().addAll(headers);
        seen.put(headers.get("X-Request-ID") == null ? uri : headers.get("X-Request-ID"), s);
        return s;
    }

    private void socket(ServerWebSocket ws) {
        Seen s = seen(ws.headers(), ws.uri());
        if (ws.path().endsWith("/refuse")) {
            ws.reject(403);
            return;
        }
        ws.frameHandler(frame -> {
            s.frames.add(describe(frame));
            if (frame.isClose() || frame.type() == io.vertx.core.http.WebSocketFrameType.PONG) {
                return;
            }
            if (frame.isPing()) {
                return; // answered by Vert.x itself
            }
            if (frame.isText() && frame.isFinal() && frame.textData().equals("close-me")) {
                ws.close((short) 4001, "app says bye");
            } else if (frame.isText() && frame.isFinal() && frame.textData().equals("ping-me")) {
                ws.writePing(io.vertx.core.buffer.Buffer.buffer("hb"));
            } else {
                ws.writeFrame(frame);
            }
        });
        ws.closeHandler(v -> {
            s.closeCode = ws.closeStatusCode();
            s.closeReason = ws.closeReason();
            s.closed = true;
        });
    }

    private static String describe(WebSocketFrame frame) {
        return frame.type().name() + (frame.isFinal() ? "" : "+") + ":" + frame.binaryData().length();
    }
}

package io.weir.dataplane.stream;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A java.net.http WebSocket client for the ITs: frames as JSON, and how the server closed. */
final class WebSocketTestClient implements WebSocket.Listener {

    final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    /** Every frame received, also those {@link #next} passed over. */
    final List<JsonObject> received = new CopyOnWriteArrayList<>();
    final AtomicInteger closeCode = new AtomicInteger(-1);
    final AtomicReference<String> closeReason = new AtomicReference<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static WebSocketTestClient connect(HttpClient http, String url) throws Exception {
        WebSocketTestClient client = new WebSocketTestClient();
        client.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), client).get(20, TimeUnit.SECONDS);
        return client;
    }

    void send(JsonObject frame) {
        socket.sendText(frame.encode(), true).join();
    }

    long count(String type) {
        return received.stream().filter(f -> type.equals(f.getString("type"))).count();
    }

    JsonObject next(String type) throws InterruptedException {
        while (true) {
            JsonObject frame = frames.poll(20, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no '" + type + "' frame within 20 s");
            }
            if (type.equals(frame.getString("type"))) {
                return frame;
            }
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonObject frame = new JsonObject(partial.toString());
            received.add(frame);
            frames.add(frame);
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason.set(reason);
        closeCode.set(statusCode);
        return null;
    }
}
